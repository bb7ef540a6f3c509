import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Sandbox } from "../sandbox/sandbox.js";
import { type CodeChecker, checkCode } from "./code-check.js";
import { SuiteLibrary } from "./suites.js";

const sandbox = new Sandbox();
let seedPython: CodeChecker;
let seedJs: CodeChecker;
beforeAll(async () => {
  const suite = await new SuiteLibrary(path.join(os.tmpdir(), "inkstone-no-suites")).builtIn();
  seedPython = suite.tasks.find((t) => t.id === "code-two-sum-python-zh")!.checker as CodeChecker;
  seedJs = suite.tasks.find((t) => t.id === "code-two-sum-js-zh")!.checker as CodeChecker;
  await sandbox.prepare("python");
});
afterAll(() => sandbox.close());

const fence = (language: string, code: string) => `Here it is:\n\n\`\`\`${language}\n${code}\n\`\`\`\n`;

describe("the Evaluate screen's code tasks run the answer's code", () => {
  it("the seed's Python two-sum: a right answer passes whatever its shape, a wrong one fails", async () => {
    expect(seedPython.type).toBe("python-tests");
    const hashed =
      "def has_pair_with_sum(nums, target):\n    seen = set()\n    for n in nums:\n        if target - n in seen:\n            return True\n        seen.add(n)\n    return False";
    // the old shape check called this right answer wrong (two loops); running it says it is right
    const nested =
      "def has_pair_with_sum(nums, target):\n    for i in range(len(nums)):\n        for j in range(i + 1, len(nums)):\n            if nums[i] + nums[j] == target:\n                return True\n    return False";
    // ...and called this wrong one right (one loop and a set)
    const wrong =
      "def has_pair_with_sum(nums, target):\n    seen = set()\n    for n in nums:\n        seen.add(n)\n    return target in seen";
    expect(await checkCode(seedPython, fence("python", hashed), sandbox)).toMatchObject({
      correct: true,
      detail: "6/6 tests passed",
    });
    expect((await checkCode(seedPython, fence("py", nested), sandbox)).correct).toBe(true);
    const failed = await checkCode(seedPython, fence("python", wrong), sandbox);
    expect(failed.correct).toBe(false);
    expect(failed.detail).toMatch(
      /^\d\/6 tests passed; has_pair_with_sum\(.*\): expected (true|false), got (true|false)$/,
    );
    expect(await checkCode(seedPython, "no code here", sandbox)).toMatchObject({
      correct: false,
      detail: "no Python code block in the answer",
    });
  });

  it("the seed's JavaScript two-sum, TypeScript answers included", async () => {
    const good =
      "function hasPairWithSum(nums, target) { const seen = new Set(); for (const n of nums) { if (seen.has(target - n)) return true; seen.add(n); } return false; }";
    expect((await checkCode(seedJs, fence("javascript", good), sandbox)).correct).toBe(true);
    const typed =
      "export function hasPairWithSum(nums: number[], target: number): boolean { return nums.some((n, i) => nums.includes(target - n, i + 1)); }";
    expect((await checkCode(seedJs, fence("ts", typed), sandbox)).correct).toBe(true);
    expect((await checkCode(seedJs, fence("js", "function hasPairWithSum() { return true; }"), sandbox)).correct).toBe(
      false,
    );
    const reach = "function hasPairWithSum() { return typeof require + typeof process; }";
    expect((await checkCode(seedJs, fence("js", reach), sandbox)).detail).toMatch(/got "undefinedundefined"/);
  });
});
