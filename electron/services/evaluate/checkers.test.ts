import { describe, expect, it } from "vitest";
import { SCRIPT_ANSWER } from "../../../scripts/gguf/scripted-answer.js";
import { checkAnswer, extractFinalNumber, extractVerdict, isSinglePassHash } from "./checkers.js";
import { runJsTests } from "./js-sandbox.js";

describe("number checker", () => {
  it("prefers the last \\boxed{} and reads units, Chinese punctuation and full-width digits", () => {
    expect(extractFinalNumber("so $$A = 15 \\times 10 = \\boxed{150}$$")).toBe(150);
    expect(extractFinalNumber("答案:面积是 １５０ 平方厘米。")).toBe(150);
    expect(extractFinalNumber("The area is 150 cm^2")).toBe(150);
    expect(extractFinalNumber("first 12, then \\boxed{\\frac{3}{4}} and 99 later")).toBe(0.75);
    expect(extractFinalNumber("total 1,234,567 items")).toBe(1234567);
    expect(extractFinalNumber("no numbers")).toBeNull();
    const checker = { type: "number" as const, expected: 150, tolerance: 1e-6 };
    expect(checkAnswer(checker, SCRIPT_ANSWER).correct).toBe(true);
    expect(checkAnswer(checker, "\\boxed{150 \\text{ cm}^2}").correct).toBe(true);
    expect(checkAnswer(checker, "150 cm^2").correct).toBe(true);
    expect(checkAnswer(checker, "\\boxed{125}").correct).toBe(false);
  });
});

describe("verdict checker", () => {
  it("reads the stated verdict in English and Chinese", () => {
    expect(extractVerdict("不能推出。因为有些宠物虽然不是猫,但也可能会爬树。")).toBe("unknown");
    expect(extractVerdict("无法确定,理由如下……")).toBe("unknown");
    expect(extractVerdict("It cannot be concluded: other pets may also climb.")).toBe("unknown");
    expect(extractVerdict("Yes. Penguins are birds, so they have feathers.")).toBe("yes");
    expect(extractVerdict("No, it did not rain.")).toBe("no");
    expect(extractVerdict("否,小李不是学生。")).toBe("no");
    expect(checkAnswer({ type: "verdict", expected: "unknown" }, "可以推出。")).toMatchObject({
      correct: false,
      extracted: "yes",
    });
  });
});

describe("code checkers", () => {
  it("recognises a single-pass hash-set two-sum and rejects the nested loop", () => {
    const good =
      "```python\ndef has_pair(nums, target):\n    seen = set()\n    for n in nums:\n        if target - n in seen:\n            return True\n        seen.add(n)\n    return False\n```";
    const nested =
      "```python\ndef has_pair(nums, target):\n    for i in range(len(nums)):\n        for j in range(i + 1, len(nums)):\n            if nums[i] + nums[j] == target:\n                return True\n    return False\n```";
    expect(checkAnswer({ type: "python-single-pass-hash" }, good).correct).toBe(true);
    expect(checkAnswer({ type: "python-single-pass-hash" }, nested).correct).toBe(false);
    expect(isSinglePassHash("def f(x):\n    return x")).toBe(false);
  });

  it("runs JavaScript against tests in a sandbox: pass, fail, and no escape", async () => {
    const tests = [
      { args: [[1, 2, 3, 9], 8], expected: false },
      { args: [[1, 2, 4, 4], 8], expected: true },
    ];
    const good =
      "function hasPairWithSum(nums, target) { const seen = new Set(); for (const n of nums) { if (seen.has(target - n)) return true; seen.add(n); } return false; }";
    expect(await runJsTests(good, "hasPairWithSum", tests)).toMatchObject({ passed: 2, failed: 0, error: null });
    expect(await runJsTests("function hasPairWithSum() { return true; }", "hasPairWithSum", tests)).toMatchObject({
      passed: 1,
      failed: 1,
    });
    const sandboxed = await runJsTests(
      "function hasPairWithSum() { return typeof require + typeof process; }",
      "hasPairWithSum",
      [{ args: [], expected: "undefinedundefined" }],
    );
    expect(sandboxed.passed).toBe(1);
    const loop = await runJsTests("function hasPairWithSum() { while (true) {} }", "hasPairWithSum", tests, 3000);
    expect(loop.passed).toBe(0);
  });
});
