/**
 * Python run once in a fresh Pyodide before any answer: it closes every route from Python to the
 * host (JavaScript modules, programs, sockets, native calls) so that each fails inside Python with
 * a clear error instead of reaching Node (or killing the instance), and it defines the harness the
 * runner calls through references it keeps, out of the answer's reach.
 */

export const BLOCKED_NOTE = "is not available in Inkstone's sandbox: code here cannot reach the computer";

export const PY_SETUP = `
import builtins, importlib.abc, json, os, posix, sys, time

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

sys.meta_path.insert(0, _Closed())
for _name in list(sys.modules):
    if _name in _CLOSED or _name.split(".")[0] in ("js", "pyodide_js", "ctypes", "_ctypes"):
        del sys.modules[_name]

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

import pyodide
for _name in ("code", "http", "webloop"):
    if hasattr(pyodide, _name):
        delattr(pyodide, _name)

# a recursion limit past this overflows the engine's own stack and stalls the instance
_setrecursionlimit = sys.setrecursionlimit
def _clamped_recursionlimit(limit):
    _setrecursionlimit(min(int(limit), 50000))
sys.setrecursionlimit = _clamped_recursionlimit

_json_dumps = json.dumps
_monotonic = time.monotonic
_settrace = sys.settrace

class InkstoneTimeout(BaseException):
    """Raised by the clock; a BaseException so that a bare 'except Exception' does not swallow it."""

def _arm(seconds, code):
    deadline = _monotonic() + seconds
    count = 0
    def tracer(frame, event, arg):
        nonlocal count
        count += 1
        if count & 127 == 0 and _monotonic() > deadline:
            raise InkstoneTimeout(code)
        return tracer
    _settrace(tracer)

def _disarm():
    _settrace(None)

def _show(value):
    try:
        return _json_dumps(value)
    except Exception:
        return None

def _snapshot():
    return (dict(builtins.__dict__), dict(sys.modules), sys.getrecursionlimit(), sys.stdout, sys.stderr)

def _restore(saved):
    # an answer may not leave changes behind for the next one
    kept_builtins, kept_modules, limit, out, err = saved
    builtins.__dict__.clear()
    builtins.__dict__.update(kept_builtins)
    for name in [n for n in sys.modules if n not in kept_modules]:
        del sys.modules[name]
    sys.modules.update(kept_modules)
    sys.setrecursionlimit = _clamped_recursionlimit
    _setrecursionlimit(limit)
    sys.stdout, sys.stderr = out, err

def _namespace():
    return {"__name__": "__main__", "__builtins__": builtins}

(_arm, _disarm, _show, _snapshot, _restore, _namespace)
`;
