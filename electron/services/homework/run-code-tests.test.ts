import { afterAll, describe, expect, it } from "vitest";
import { Sandbox } from "../sandbox/sandbox.js";
import { toScript } from "../sandbox/to-script.js";
import { runCodeTests } from "./run-code-tests.js";

const sandbox = new Sandbox();
afterAll(() => sandbox.close());

describe("running an answer's code against the user's tests", () => {
  it("shows which tests pass and which fail, and why", async () => {
    const code =
      "export function add(a, b) { return a + b; }\nfunction sortDesc(xs) { return [...xs].sort((a, b) => b - a); }";
    const outcome = await runCodeTests(
      code,
      "javascript",
      [
        "add(2, 3) === 5",
        "assert.equal(add(2, 2), 5)",
        "assert.deepEqual(sortDesc([1, 3, 2]), [3, 2, 1])",
        "add(1, 1) === 3",
        "missing(1)",
      ],
      sandbox,
    );
    expect(outcome.error).toBeNull();
    expect(outcome.results.map((r) => r.passed)).toEqual([true, false, true, false, false]);
    expect(outcome.results[1]!.message).toBe("expected 5, got 4");
    expect(outcome.results[3]!.message).toBe("returned false");
    expect(outcome.results[4]!.message).toMatch(/missing' is not defined/);
  });

  it("strips TypeScript types before running", async () => {
    const code = "interface P { x: number }\nexport const norm = (p: P): number => Math.abs(p.x);";
    expect(toScript(code, "typescript")).not.toMatch(/interface|: number|export/);
    const outcome = await runCodeTests(code, "typescript", ["norm({ x: -4 }) === 4"], sandbox);
    expect(outcome.results).toEqual([{ test: "norm({ x: -4 }) === 4", passed: true, message: null }]);
  });

  it("keeps the code away from Node and stops runaway loops", async () => {
    const outside = await runCodeTests("const fs = require('fs');", "javascript", ["true"], sandbox);
    expect(outside.error).toMatch(/'require' is not defined/);
    const process = await runCodeTests(
      "function f() { return typeof process; }",
      "javascript",
      ["f() === 'undefined'"],
      sandbox,
    );
    expect(process.results[0]!.passed).toBe(true);
    const loop = await runCodeTests("function spin() { while (true) {} }", "javascript", ["spin()"], sandbox);
    expect(loop.results[0]).toMatchObject({ passed: false, message: "Stopped after 1 s", code: "test-timeout" });
    const broken = await runCodeTests("const x = ;", "javascript", ["true"], sandbox);
    expect(broken.error).toMatch(/SyntaxError/);
  });
});
