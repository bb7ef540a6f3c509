/**
 * Python run once, before the memory snapshot every run's fresh interpreter is restored from: it
 * closes every route from Python to the host (JavaScript modules, programs, sockets, native calls) so
 * that each fails inside Python with a clear error instead of reaching Node (or killing the
 * instance), empties the environment, and defines the driver that runs one job (the answer, then its
 * tests) in a single call, so the host never calls into an interpreter the answer has touched.
 */

export const BLOCKED_NOTE = "is not available in Inkstone's sandbox: code here cannot reach the computer";

/**
 * The highest recursion limit an answer may set. Under the run's clock (a trace function) plain Python
 * recursion overflowed the host's stack at a limit of 8000 on this machine and raised RecursionError
 * at 6000: 3000 leaves a margin. Recursion through C (map, sorted's key, __eq__, repr of nested
 * lists) can overflow the host's stack below any limit: that kills only the run's own interpreter,
 * and the run is reported as a stack overflow (run-pyodide.ts).
 */
export const PY_RECURSION_CAP = 3000;

export const PY_SETUP = `
import builtins, importlib.abc, marshal, os, posix, sys, time, _json

_NOTE = ${JSON.stringify(BLOCKED_NOTE)}

# modules that lead out of the interpreter: JavaScript, programs, native code, the network
_CLOSED = {
    "js", "pyodide_js", "pyodide.code", "pyodide.http", "pyodide.ffi.wrappers", "pyodide.webloop",
    "subprocess", "_posixsubprocess", "multiprocessing", "ctypes", "_ctypes",
    "socket", "_socket", "ssl", "_ssl", "select", "selectors", "socketserver",
    "urllib.request", "http.client", "http.server", "ftplib", "smtplib", "poplib", "imaplib",
    "webbrowser", "micropip", "pty",
}

class _Closed(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name in _CLOSED or name.split(".")[0] in ("js", "pyodide_js", "ctypes", "_ctypes", "multiprocessing", "micropip"):
            raise ImportError(f"{name} {_NOTE}", name=name)
        return None

def _close_routes():
    # run after every restore (PY_RECLOSE): Pyodide's own start imports pyodide.code and registers js again
    import pyodide
    for name in list(sys.modules):
        if name in _CLOSED or name.split(".")[0] in ("js", "pyodide_js", "ctypes", "_ctypes"):
            del sys.modules[name]
    for name in ("code", "http", "webloop"):
        if hasattr(pyodide, name):
            delattr(pyodide, name)
    if not isinstance(sys.meta_path[0], _Closed):
        sys.meta_path.insert(0, _Closed())
    _synthetic_environment()
    # Pyodide's own Python keeps proxies of its JavaScript API (the loaders of js and pyodide_js, the
    # package loader's table), which gc.get_objects() would hand an answer: they are dropped
    import gc
    for obj in gc.get_objects():
        if type(obj).__name__ == "JsLoader" and hasattr(obj, "jsproxy"):
            obj.jsproxy = None
    loader = sys.modules.get("pyodide._package_loader")
    if loader is not None and hasattr(loader, "loadedPackages"):
        loader.loadedPackages = None

def _refuse(what):
    def refused(*args, **kwargs):
        raise PermissionError(f"{what} {_NOTE}")
    refused.__name__ = what
    return refused

for _module in (os, posix):
    for _name in ("system", "popen", "fork", "forkpty", "posix_spawn", "posix_spawnp", "kill", "killpg",
                  "execv", "execve", "execl", "execle", "execlp", "execlpe", "execvp", "execvpe",
                  "spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve", "spawnvp", "spawnvpe"):
        if hasattr(_module, _name):
            setattr(_module, _name, _refuse(f"os.{_name}"))

# a synthetic environment: nothing of the host's (its paths, its user) is visible
_ENV = {"HOME": "/home/pyodide", "PATH": "/usr/bin", "LANG": "C.UTF-8", "USER": "sandbox"}
def _synthetic_environment():
    for key in list(os.environ):
        del os.environ[key]
    os.environ.update(_ENV)
    posix.environ.clear()
    posix.environ.update({k.encode(): v.encode() for k, v in _ENV.items()})

_synthetic_environment()
sys.argv = ["answer.py"]
sys.orig_argv = ["python", "answer.py"]
sys.executable = "/usr/bin/python"

# a recursion limit past this overflows the engine's own stack and stalls the instance
_setrecursionlimit = sys.setrecursionlimit
def _clamped_recursionlimit(limit):
    _setrecursionlimit(min(int(limit), ${PY_RECURSION_CAP}))
sys.setrecursionlimit = _clamped_recursionlimit
_setrecursionlimit(min(sys.getrecursionlimit(), ${PY_RECURSION_CAP}))

class InkstoneTimeout(BaseException):
    """Raised by the clock; a BaseException so that a bare 'except Exception' does not swallow it."""

def _make_driver():
    # references taken now, before any answer exists to replace them
    monotonic, settrace, dumps, quote, loads = time.monotonic, sys.settrace, marshal.dumps, _json.encode_basestring_ascii, __import__("json").loads
    type_, str_, len_, compile_, eval_, exec_, isinstance_ = type, str, len, compile, eval, exec, isinstance
    bool_ = bool
    TRUTH_TYPES = (int, float, complex, str, bytes, list, tuple, dict, set, frozenset)

    def truth_type(v):
        # identity, not the in operator (which would ask a metaclass for its own __eq__)
        t = type_(v)
        for k in TRUTH_TYPES:
            if k is t:
                return True
        return False
    MAX_VALUE = 1_000_000
    issubclass_, dict_items, list_iter, tuple_iter = issubclass, dict.items, list.__iter__, tuple.__iter__
    set_iter, frozenset_iter, int_index, float_float, str_str = set.__iter__, frozenset.__iter__, int.__index__, float.__float__, str.__str__
    EXACT = (type(None), bool, int, float, str)

    def exact(v, depth, budget):
        # subclasses of the plain types (namedtuple, Counter, defaultdict, OrderedDict, IntEnum) as their
        # base type, read through the base type's own C methods: no method of the answer's runs
        budget[0] -= 1
        if depth > 100 or budget[0] < 0:
            raise ValueError("too deep or too large")
        t = type_(v)
        if t in EXACT:
            return v
        if issubclass_(t, int):
            return int_index(v)
        if issubclass_(t, float):
            return float_float(v)
        if issubclass_(t, str):
            return str_str(v)
        if issubclass_(t, dict):
            return {exact(k, depth + 1, budget): exact(x, depth + 1, budget) for k, x in dict_items(v)}
        if issubclass_(t, list):
            return [exact(x, depth + 1, budget) for x in list_iter(v)]
        if issubclass_(t, tuple):
            return tuple(exact(x, depth + 1, budget) for x in tuple_iter(v))
        if issubclass_(t, frozenset):
            return frozenset(exact(x, depth + 1, budget) for x in frozenset_iter(v))
        if issubclass_(t, set):
            return set(exact(x, depth + 1, budget) for x in set_iter(v))
        raise ValueError(t.__name__)

    def arm(seconds, code):
        deadline = monotonic() + seconds
        count = 0
        def tracer(frame, event, arg):
            nonlocal count
            count += 1
            if count & 127 == 0 and monotonic() > deadline:
                raise InkstoneTimeout(code)
            return tracer
        settrace(tracer)

    def failure(error):
        name = type_(error).__name__
        if isinstance_(error, InkstoneTimeout):
            return ["timeout", error.args[0] if error.args else "run-timeout"]
        kind = "memory" if isinstance_(error, MemoryError) else "stack" if isinstance_(error, RecursionError) else "compile" if isinstance_(error, SyntaxError) else "error"
        try:
            text = str_(error)
        except BaseException:
            text = ""
        return [kind, (name + ": " + text if text else name)[:2000]]

    def drive(job_text):
        job = loads(job_text)
        # the host's callback for each test's record as it finishes (kept if the interpreter dies later)
        report = globals().pop("__inkstone_report", None) or (lambda index, text: None)
        namespace = {"__name__": "__main__", "__builtins__": builtins}
        ends = monotonic() + job["run_s"]
        out = []
        try:
            arm(job["run_s"], "run-timeout")
            exec_(compile_(job["code"], "answer.py", "exec"), namespace)
        except BaseException as error:
            record = failure(error)
            settrace(None)
            return encode([["load"] + record])
        settrace(None)
        report(-1, "loaded")
        stopped = False
        for index, test in enumerate(job["tests"]):
            left = ends - monotonic()
            if stopped or left <= 0:
                stopped = True
                out.append(["not-run"])
                continue
            if job["test_s"] < left:
                arm(job["test_s"], "test-timeout")
            else:
                arm(left, "run-timeout")
            record = None
            try:
                if test["kind"] == "stmt":
                    exec_(compile_(test["source"], "test.py", "exec"), namespace)
                    record = ["ok"]
                else:
                    value = eval_(compile_(test["source"], "test.py", "eval"), namespace)
                    if test["kind"] == "expr":
                        # the CLI's rule: passes unless false; truth read only from exact built-in types (their
                        # truth is C code an answer cannot replace), never from an answer's own __bool__/__len__
                        if value is True:
                            record = ["true"]
                        elif value is False or value is None:
                            record = ["not-true", "False" if value is False else "None"]
                        elif truth_type(value):
                            record = ["true"] if bool_(value) else ["falsy", type_(value).__name__]
                        else:
                            record = ["not-true", type_(value).__name__]
                    else:
                        try:
                            data = dumps(value, 2)
                        except ValueError:
                            try:
                                data = dumps(exact(value, 0, [100_000]), 2)
                            except (ValueError, TypeError, RecursionError):
                                data = None
                        if data is None:
                            record = ["not-plain", type_(value).__name__]
                        else:
                            record = ["value", data.hex()] if len_(data) <= MAX_VALUE else ["too-big"]
                    # freed here, so that freeing a value nested too deep for the host's stack fails this test
                    value = None
            except BaseException as error:
                # still on the clock: reading the error may run the answer's code
                record = failure(error)
                if record[0] == "timeout" and record[1] == "run-timeout":
                    stopped = True
            finally:
                settrace(None)
            out.append(record or ["error", "failed"])
            report(index, encode_one(out[-1]))
        return encode(out)

    def encode_one(record):
        return "[" + ",".join(quote(str_(part)) for part in record) + "]"

    def encode(records):
        return "[" + ",".join(encode_one(record) for record in records) + "]"

    return drive

__inkstone_drive = _make_driver()

del _make_driver, _module, _name
`;

/** Run after each restore from the snapshot: Pyodide registers its JavaScript modules again at boot. */
export const PY_RECLOSE = "_close_routes()";
