import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Sandbox } from "./sandbox.js";

// one warm host per engine for the whole file; Python's first load takes seconds on a busy machine
const sandbox = new Sandbox();
beforeAll(() => Promise.all([sandbox.prepare("javascript"), sandbox.prepare("python")]));
afterAll(() => sandbox.close());

const TWO_SUM_JS = `function twoSum(nums, target) {
  const seen = new Map();
  for (let i = 0; i < nums.length; i++) {
    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];
    seen.set(nums[i], i);
  }
  return [];
}`;
const WRONG_JS = "function twoSum(nums, target) { return [0, 1]; }";
const TWO_SUM_TS = `export function twoSum(nums: number[], target: number): number[] {
  const seen = new Map<number, number>();
  for (const [i, n] of nums.entries()) {
    const j = seen.get(target - n);
    if (j !== undefined) return [j, i];
    seen.set(n, i);
  }
  return [];
}`;
const TWO_SUM_PY = `def two_sum(nums, target):
    seen = {}
    for i, n in enumerate(nums):
        if target - n in seen:
            return [seen[target - n], i]
        seen[n] = i
    return []
print("ready")`;
const WRONG_PY = "def two_sum(nums, target):\n    return [0, 1]";
const JS_TESTS = [
  "assert.deepEqual(twoSum([2, 7, 11, 15], 9), [0, 1])",
  "assert.deepEqual(twoSum([3, 2, 4], 6), [1, 2])",
];
const PY_TESTS = ["two_sum([2, 7, 11, 15], 9) == [0, 1]", "two_sum([3, 2, 4], 6) == [1, 2]"];

describe("the sandbox runs answers against tests", () => {
  it("passes a right two-sum and fails a wrong one in JavaScript, TypeScript and Python", async () => {
    const js = await sandbox.run({ language: "javascript", code: TWO_SUM_JS, tests: JS_TESTS });
    expect(js).toMatchObject({ error: null, results: [{ passed: true }, { passed: true }] });
    const wrongJs = await sandbox.run({ language: "javascript", code: WRONG_JS, tests: JS_TESTS });
    expect(wrongJs.results.map((r) => r.passed)).toEqual([true, false]);
    expect(wrongJs.results[1]!.message).toBe("expected [1,2], got [0,1]");
    const ts = await sandbox.run({ language: "typescript", code: TWO_SUM_TS, tests: JS_TESTS });
    expect(ts.results.map((r) => r.passed)).toEqual([true, true]);
    const py = await sandbox.run({ language: "python", code: TWO_SUM_PY, tests: PY_TESTS });
    expect(py).toMatchObject({ error: null, stdout: "ready\n", results: [{ passed: true }, { passed: true }] });
    const wrongPy = await sandbox.run({ language: "python", code: WRONG_PY, tests: PY_TESTS });
    expect(wrongPy.results).toEqual([
      { test: PY_TESTS[0], passed: true, message: null },
      { test: PY_TESTS[1], passed: false, message: "returned false (got [0, 1], expected [1, 2])" },
    ]);
  });

  it("checks calls against expected JSON, and reports each failure's message", async () => {
    const call = { call: "two_sum", args: [[3, 2, 4], 6], expected: [1, 2] };
    expect((await sandbox.run({ language: "python", code: TWO_SUM_PY, tests: [call] })).results[0]).toEqual({
      test: "two_sum([3,2,4],6)",
      passed: true,
      message: null,
    });
    const wrong = await sandbox.run({ language: "python", code: WRONG_PY, tests: [call, "1 / 0", "undefined_name"] });
    expect(wrong.results.map((r) => r.message)).toEqual([
      "expected [1,2], got [0, 1]",
      "ZeroDivisionError: division by zero",
      "NameError: name 'undefined_name' is not defined",
    ]);
    const js = await sandbox.run({
      language: "javascript",
      code: WRONG_JS,
      tests: [{ ...call, call: "twoSum" }, "missing(1)"],
    });
    expect(js.results.map((r) => r.message)).toEqual(["expected [1,2], got [0,1]", "'missing' is not defined"]);
  });

  it("reports code that does not compile, and a run's earlier state does not leak into the next", async () => {
    expect((await sandbox.run({ language: "python", code: "def f(:\n  pass", tests: ["True"] })).errorCode).toBe(
      "compile",
    );
    expect((await sandbox.run({ language: "javascript", code: "const x = ;", tests: ["true"] })).error).toMatch(
      /SyntaxError/,
    );
    await sandbox.run({
      language: "python",
      code: "import builtins\nbuiltins.len = lambda x: 42\nleaked = 1",
      tests: ["True"],
    });
    const next = await sandbox.run({
      language: "python",
      code: "",
      tests: ["len([1]) == 1", "'leaked' not in globals()"],
    });
    expect(next.results.map((r) => r.passed)).toEqual([true, true]);
  });
});

describe("limits", () => {
  it("stops an endless test after 1 s and the whole run after its wall clock, with the app responsive", async () => {
    const tick = setInterval(() => {}, 50);
    const started = Date.now();
    const js = await sandbox.run({
      language: "javascript",
      code: "function spin() { for (;;) {} }",
      tests: ["spin()", "1 === 1"],
    });
    expect(js.results).toEqual([
      { test: "spin()", passed: false, message: "Stopped after 1 s", code: "test-timeout" },
      { test: "1 === 1", passed: true, message: null },
    ]);
    const py = await sandbox.run({
      language: "python",
      code: "def spin():\n    while True:\n        pass",
      tests: ["spin()", "spin()", "True"],
      limits: { runMs: 1500 },
    });
    expect(py.results.map((r) => r.message)).toEqual([
      "Stopped after 1 s",
      "Stopped after 1.5 s",
      "Not run: the run was stopped before this test",
    ]);
    expect(py).toMatchObject({ error: "Stopped after 1.5 s", errorCode: "run-timeout" });
    expect(Date.now() - started).toBeLessThan(15_000);
    clearInterval(tick);
  });

  it("stops memory bombs at 256 MB and caps printed output at 64 KB", async () => {
    const js = await sandbox.run({
      language: "javascript",
      code: "const keep = []; function bomb() { for (;;) keep.push(new ArrayBuffer(16 * 1024 * 1024)); }",
      tests: ["bomb()", "1 + 1 === 2"],
    });
    expect(js.results[0]).toMatchObject({ passed: false, message: "Used more than 256 MB", code: "memory" });
    expect(js.results[1]!.passed).toBe(true);
    const py = await sandbox.run({
      language: "python",
      code: "keep = []",
      tests: ["keep.append(bytearray(300 * 1024 * 1024))", "True"],
    });
    expect(py.results[0]).toMatchObject({ passed: false, message: "Used more than 256 MB", code: "memory" });
    expect(py.results[1]!.passed).toBe(true);
    const loud = await sandbox.run({
      language: "python",
      code: "for i in range(100000):\n    print('x' * 10)",
      tests: ["True"],
    });
    expect(Buffer.byteLength(loud.stdout)).toBeLessThan(64 * 1024 + 100);
    expect(loud.stdout).toMatch(/output cut at 64 KB$/);
  });

  it("reports deep recursion as a failure of that test", async () => {
    const js = await sandbox.run({
      language: "javascript",
      code: "function down(n) { return down(n + 1) + 1; }",
      tests: ["down(0)", "true"],
    });
    expect(js.results.map((r) => r.passed)).toEqual([false, true]);
    expect(js.results[0]!.code).toBe("stack");
    const py = await sandbox.run({
      language: "python",
      code: "def down(n):\n    return down(n + 1) + 1",
      tests: ["down(0)", "True"],
    });
    expect(py.results.map((r) => r.passed)).toEqual([false, true]);
    expect(py.results[0]!.message).toMatch(/RecursionError/);
  });

  it("gives the next Python run a fresh interpreter when an answer left Pyodide in its fatal state", async () => {
    await sandbox.run({
      language: "python",
      code: "import _pyodide_core\n_pyodide_core.trigger_fatal_error()",
      tests: ["True"],
    });
    const next = await sandbox.run({ language: "python", code: TWO_SUM_PY, tests: PY_TESTS });
    expect(next.error).toBeNull();
    expect(next.results.map((r) => r.passed)).toEqual([true, true]);
  });
});
