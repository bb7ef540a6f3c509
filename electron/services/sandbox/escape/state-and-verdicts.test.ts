/**
 * The escape battery, second part (found by an attack review): what one run does cannot reach the
 * next, host JavaScript objects cannot be changed from Python, an answer cannot fake its own tests,
 * timers and pending jobs end with the run, and deep data, deep recursion and the environment fail
 * or stay clean.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Sandbox } from "../sandbox.js";

const sandbox = new Sandbox();
beforeAll(() => Promise.all([sandbox.prepare("javascript"), sandbox.prepare("python")]), 120_000);
afterAll(() => sandbox.close());

const py = (code: string, tests: (string | { call: string; args: unknown[]; expected: unknown })[]) =>
  sandbox.run({ language: "python", code, tests });
const js = (code: string, tests: string[]) => sandbox.run({ language: "javascript", code, tests });
const passed = (outcome: { results: { passed: boolean }[] }) => outcome.results.map((r) => r.passed);

const WRONG_TWO_SUM = "def two_sum(nums, target):\n    return [5, 5]";

describe("escape battery: state, host objects and verdicts", () => {
  it("Python: every run starts from a pristine interpreter, whatever the run before changed", async () => {
    const tamper = [
      "import builtins, json, math, os, sys",
      "math.sqrt = lambda x: 42",
      "json.JSONEncoder.encode = lambda self, o: '[0, 1]'",
      "sys.meta_path.pop(0)",
      "builtins.len = lambda x: 7",
      "os.environ['LEFT_BEHIND'] = '1'",
      "open('/tmp/left-behind', 'w').write('x')",
      "sys.setrecursionlimit = lambda n: None",
    ].join("\n");
    expect((await py(tamper, ["True"])).error).toBeNull();
    const next = await py("import json, math, os, sys", [
      "math.sqrt(4) == 2.0",
      "json.dumps([1]) == '[1]'",
      "len([1, 2]) == 2",
      "'LEFT_BEHIND' not in os.environ",
      "not os.path.exists('/tmp/left-behind')",
      "__import__('js')",
    ]);
    expect(passed(next)).toEqual([true, true, true, true, true, false]);
    expect(next.results[5]!.message).toMatch(/js is not available in Inkstone's sandbox/);
  });

  it("Python: host JavaScript objects cannot be changed, in the run or after it", async () => {
    const code = `${WRONG_TWO_SUM}\nimport pyodide.ffi\nO = pyodide.ffi.to_js({}).constructor`;
    const outcome = await py(code, [
      "setattr(O.prototype, 'toJSON', lambda *a: {'passed': True})",
      "setattr(O.prototype, 'hasOwnProperty', None)",
      "O.defineProperty(O.prototype, 'passed', O.fromEntries([]))",
      "two_sum([2, 7, 11, 15], 9) == [0, 1]",
      // no proxy of Pyodide's JavaScript API (its file system, its package loader, its config) is left to find
      "not [v for o in __import__('gc').get_objects() for v in (list(o.values()) if isinstance(o, dict) else list(vars(o).values()) if hasattr(o, '__dict__') and not isinstance(o, type) else []) if type(v).__name__ == 'JsProxy' and (hasattr(v, 'FS') or hasattr(v, 'runtimeEnv') or hasattr(v, 'loadPackage'))]",
    ]);
    expect(passed(outcome)).toEqual([false, false, false, false, true]);
    for (const result of outcome.results.slice(0, 3)) {
      expect(result.message).toMatch(/not extensible|read only|Cannot (add|define|assign)/);
    }
    expect(outcome.results[3]!.message).toBe("returned false (got [5, 5], expected [0, 1])");
    const after = await py(WRONG_TWO_SUM, ["two_sum([1], 1) == [5, 5]", "two_sum([1], 1) == [0, 1]"]);
    expect(passed(after)).toEqual([true, false]);
  });

  it("Python: an answer cannot fake its tests (always-equal objects, patched JSON, truthy results)", async () => {
    const liar = [
      "import json",
      "class Liar(list):",
      "    def __eq__(self, other): return True",
      "    def __ne__(self, other): return False",
      "    def __bool__(self): return True",
      "    def __gt__(self, other): return Liar()",
      "json.dumps = lambda *a, **k: '[0, 1]'",
      "json.JSONEncoder.encode = lambda self, o: '[0, 1]'",
      "def two_sum(nums, target):",
      "    return Liar([9])",
      "class Equal:",
      "    def __eq__(self, other): return True",
      "def pair():",
      "    return Equal()",
    ].join("\n");
    const outcome = await py(liar, [
      "two_sum([2, 7, 11, 15], 9) == [0, 1]",
      "[0, 1] == two_sum([2, 7, 11, 15], 9)",
      "two_sum([2, 7, 11, 15], 9) > 0",
      "assert two_sum([2, 7, 11, 15], 9) == [0, 1]",
      { call: "two_sum", args: [[2, 7, 11, 15], 9], expected: [0, 1] },
      "pair() == [0, 1]",
    ]);
    expect(passed(outcome)).toEqual([false, false, false, false, false, false]);
    // a list subclass is compared as the list it holds, whatever its __eq__ says
    expect(outcome.results[0]!.message).toBe("returned false (got [9], expected [0, 1])");
    expect(outcome.results[5]!.message).toMatch(/returned an Equal, which is not plain data/);
    expect(outcome.results[2]!.message).toMatch(/returned a Liar, not True or plain data/);
    // Python's own == decides, outside the interpreter: tuples are not lists, 1 == 1.0 == True, dicts have no order
    const right = await py(
      [
        "from collections import Counter, namedtuple",
        "def f():\n    return (0, 1)",
        "def g():\n    return {'b': 2.0, 'a': [True, 10**30]}",
        "def count(words):\n    return Counter(words.split())",
        "Point = namedtuple('Point', 'x y')",
      ].join("\n"),
      [
        "f() == (0, 1)",
        "f() == [0, 1]",
        "g() == {'a': [1, 1000000000000000000000000000000], 'b': 2}",
        { call: "f", args: [], expected: [0, 1] },
        // subclasses of the plain types are compared as their base type (read by its own C methods)
        "count('a b a') == {'a': 2, 'b': 1}",
        "Point(1, 2) == (1, 2)",
      ],
    );
    expect(passed(right)).toEqual([true, false, true, true, true, true]);
  });

  it("JavaScript: toJSON, replaced JSON and Symbol.hasInstance do not fake a test", async () => {
    const code = [
      "Object.prototype.toJSON = function () { return [0, 1]; };",
      "Array.prototype.toJSON = function () { return [0, 1]; };",
      "Object.defineProperty(Array.prototype, '0', { set() {}, get() { return 0; } });",
      "Object.defineProperty(Promise, Symbol.hasInstance, { value: () => false });",
      "globalThis.JSON = { stringify: () => '[0,1]' };",
      "function twoSum() { return [5, 5]; }",
    ].join("\n");
    const outcome = await sandbox.run({
      language: "javascript",
      code,
      tests: [
        "assert.deepEqual(twoSum([2, 7, 11, 15], 9), [0, 1])",
        { call: "twoSum", args: [[2, 7, 11, 15], 9], expected: [0, 1] },
        "Promise.reject(new Error('rejected'))",
        "twoSum([1], 1).length - 2",
      ],
    });
    expect(passed(outcome)).toEqual([false, false, false, false]);
    expect(outcome.results[0]!.message).toBe("expected [0,1], got [5,5]");
    expect(outcome.results[2]!.message).toBe("rejected");
    expect(outcome.results[3]!.message).toBe("returned 0 or NaN, which is false");
  });

  it("an answer that rewrites the host's plan or redefines the locked helpers fails its tests (attack review)", async () => {
    const rewrite = [
      "import gc",
      "for o in gc.get_objects():",
      '    if type(o) is dict and "tests" in o and "code" in o:',
      '        for t in o["tests"]:',
      '            t["kind"] = "stmt"',
      WRONG_TWO_SUM,
    ].join("\n");
    const pyOutcome = await py(rewrite, [
      "two_sum([2, 7, 11, 15], 9) == [0, 1]",
      "assert two_sum([3, 2, 4], 6) == [1, 2]",
    ]);
    expect(passed(pyOutcome)).toEqual([false, false]);
    const redefine = [
      "function twoSum() { return [5, 5]; }",
      "const fake = () => {}; fake.deepEqual = () => {};",
      'Object.defineProperty(globalThis, "assert", { value: fake });',
      'Object.defineProperty(globalThis, "__inkstonePlain", { value: () => "[0,1]" });',
    ].join("\n");
    const jsOutcome = await sandbox.run({
      language: "javascript",
      code: redefine,
      tests: [
        "assert.deepEqual(twoSum([2, 7, 11, 15], 9), [0, 1])",
        { call: "twoSum", args: [[2, 7, 11, 15], 9], expected: [0, 1] },
      ],
    });
    expect(passed(jsOutcome)).toEqual([false, false]);
    expect(jsOutcome.results[0]!.message).toBe("the answer replaced assert");
    // a run that sets the host's one writable built-in (Error.stackTraceLimit) to 0 does not break the next run
    const poison = [
      "from pyodide.ffi import to_js, JsException",
      "o = to_js({})",
      "try:",
      "    o.constructor.getPrototypeOf(None)",
      "except JsException as e:",
      "    o.constructor.getPrototypeOf(e.js_error.constructor).stackTraceLimit = 0",
      "def two_sum(a, t): return [0, 1]",
    ].join("\n");
    await py(poison, ["two_sum([2, 7, 11, 15], 9) == [0, 1]"]);
    const right =
      "def two_sum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n            return [seen[target - n], i]\n        seen[n] = i";
    expect(passed(await py(right, ["two_sum([2, 7, 11, 15], 9) == [0, 1]"]))).toEqual([true]);
  });

  it("timers and pending jobs started in a run end with it (Python asyncio, JavaScript promises)", async () => {
    const spin = "import asyncio\ndef spin():\n    while True:\n        pass\nloop = asyncio.get_event_loop()";
    await py(`${spin}\nloop.call_soon(spin)\nloop.call_later(0.05, spin)`, ["True"]);
    const next = await py("def one():\n    return 1", ["one() == 1"]);
    expect(next).toMatchObject({ error: null, results: [{ passed: true }] });
    await js("(function spin() { Promise.resolve().then(spin); })();", ["true"]);
    expect(passed(await js("const one = () => 1;", ["one() === 1"]))).toEqual([true]);
  });

  it("deep data, deep recursion and the environment fail cleanly or show nothing of the host", async () => {
    const deep = await js("function deep() { let a = []; for (let i = 0; i < 1e5; i++) a = [a]; return a; }", [
      "JSON.stringify(deep()).length > 0",
    ]);
    expect(deep.results[0]).toMatchObject({
      passed: false,
      code: "stack",
      message: "Recursed too deeply (stack overflow)",
    });
    expect(passed(await js("const one = () => 1;", ["one() === 1"]))).toEqual([true]);
    const root = path.resolve(import.meta.dirname, "../../../..");
    const env = await py("import os, sys", [
      "sorted(os.environ) == ['HOME', 'LANG', 'PATH', 'USER']",
      `${JSON.stringify(root)} not in repr(dict(os.environ)) + repr(sys.argv) + sys.executable + repr(os.environ.get('_'))`,
      "sys.setrecursionlimit(10 ** 6) or sys.getrecursionlimit() == 3000",
    ]);
    expect(passed(env)).toEqual([true, true, true]);
    const viaC = await py("def f(n):\n    return list(map(f, [n + 1]))", ["1 + 1 == 3", "f(0)", "True"]);
    expect(viaC).toMatchObject({ errorCode: "stack", error: "Recursed too deeply (stack overflow)" });
    // the test before the overflow keeps its own result; the one after was not run
    expect(viaC.results.map((r) => r.code ?? r.message)).toEqual([
      "returned false (got 2, expected 3)",
      "stack",
      "not-run",
    ]);
    expect(passed(await py("def one():\n    return 1", ["one() == 1"]))).toEqual([true]);
  });
});
