import { describe, expect, it } from "vitest";
import { SCRIPT_ANSWER } from "../../../scripts/gguf/scripted-answer.js";
import { checkAnswer } from "./checkers.js";

describe("number checker", () => {
  const checker = { type: "number" as const, expected: 150, tolerance: 1e-6 };
  const read = (answer: string) => checkAnswer(checker, answer);

  it("reads the final answer with the shared reader and shows what it read", () => {
    expect(read(SCRIPT_ANSWER)).toMatchObject({ correct: true, extracted: "150" });
    expect(read("so $$A = 15 \\times 10 = \\boxed{150}$$")).toMatchObject({ correct: true, extracted: "150" });
    expect(read("答案:面积是 １５０ 平方厘米。").correct).toBe(true);
    expect(read("\\boxed{150 \\text{ cm}^2}").correct).toBe(true);
    expect(read("The area is 150 cm^2").correct).toBe(true);
    expect(read("\\boxed{125}")).toMatchObject({ correct: false, extracted: "125" });
    expect(read("no numbers")).toMatchObject({
      correct: false,
      extracted: null,
      detail: "expected 150; no final answer found",
    });
  });

  it("reads the forms the old reader got wrong", () => {
    const expect68 = { type: "number" as const, expected: 68, tolerance: 1e-6 };
    expect(checkAnswer(expect68, "The shirt costs 68 dollars after the 15% discount.").correct).toBe(true);
    expect(checkAnswer({ ...expect68, expected: 2.5 }, "\\boxed{2\\frac{1}{2}}").correct).toBe(true);
    expect(checkAnswer({ ...expect68, expected: 1500 }, "\\boxed{1.5\\times10^{3}}").correct).toBe(true);
    expect(
      checkAnswer({ ...expect68, expected: 0.75 }, "first 12, then \\boxed{\\frac{3}{4}} and 99 later").correct,
    ).toBe(true);
  });
});

describe("verdict checker", () => {
  const verdictOf = (answer: string) => checkAnswer({ type: "verdict", expected: "yes" }, answer).extracted;

  it("reads the stated verdict in English and Chinese", () => {
    expect(verdictOf("不能推出。因为有些宠物虽然不是猫,但也可能会爬树。")).toBe("cannot_be_determined");
    expect(verdictOf("无法确定,理由如下……")).toBe("cannot_be_determined");
    expect(verdictOf("It cannot be concluded: other pets may also climb.")).toBe("cannot_be_determined");
    expect(verdictOf("Yes. Every penguin is a bird, and no bird lacks feathers.")).toBe("yes");
    expect(verdictOf("是的，可以推出结论，无论前提是否成立。")).toBe("yes");
    expect(verdictOf("No, it did not rain.")).toBe("no");
    expect(verdictOf("否,小李不是学生。")).toBe("no");
    expect(checkAnswer({ type: "verdict", expected: "unknown" }, "可以推出。")).toMatchObject({
      correct: false,
      extracted: "yes",
    });
    expect(checkAnswer({ type: "verdict", expected: "unknown" }, "Cannot be determined.").correct).toBe(true);
  });
});
