import { describe, expect, it } from "vitest";
import { checkMath, latexToExpression } from "./math-check";

describe("math mode's answer check", () => {
  it("finds the last boxed answer, braces and all", () => {
    expect(latexToExpression("\\frac{3}{4} + \\sqrt{16} \\times 2^{3}")).toBe("((3)/(4)) + sqrt(16) * 2^(3)");
  });

  it("puts the answer back into the question's equation", async () => {
    expect(await checkMath("Solve 3x + 5 = 20 for x.", "so \\boxed{5}")).toMatchObject({
      status: "match",
      answer: "5",
      how: { kind: "equation", shown: "3x + 5 = 20", variable: "x", value: "5", computed: "20", right: "20" },
    });
    expect(await checkMath("Solve 3x + 5 = 20 for x.", "\\boxed{6}")).toMatchObject({
      status: "mismatch",
      how: { computed: "23", right: "20" },
    });
    expect(await checkMath("解方程 $2x - 4 = 10$。", "\\boxed{x = 7}")).toMatchObject({ status: "match" });
  });

  it("evaluates an arithmetic question and flags a wrong result", async () => {
    expect(await checkMath("What is 17 × 23?", "\\boxed{391}")).toMatchObject({ status: "match" });
    expect(await checkMath("What is 17 × 23?", "\\boxed{381}")).toMatchObject({
      status: "mismatch",
      how: { kind: "expression", shown: "17 × 23", value: "381", computed: "391" },
    });
    expect(await checkMath("Compute $\\frac{3}{4} + \\frac{1}{6}$.", "\\boxed{\\frac{11}{12}}")).toMatchObject({
      status: "match",
    });
    expect(await checkMath("If x = 4, what is 2x + 1?", "\\boxed{9}")).toMatchObject({ status: "match" });
    expect(await checkMath("If x = 4, what is 2x + 1?", "\\boxed{8}")).toMatchObject({ status: "mismatch" });
  });

  it("leaves word problems and non-numeric answers unchecked", async () => {
    const word = "A rectangle's length is 5 cm more than its width and its perimeter is 50 cm. What is its area?";
    expect(await checkMath(word, "\\boxed{150}")).toEqual({
      status: "unchecked",
      answer: "150",
      how: null,
    });
    expect((await checkMath("Factor x^2 - 1.", "\\boxed{(x-1)(x+1)}")).status).toBe("unchecked");
    expect(await checkMath("What is 2 + 2?", "It is four.")).toMatchObject({ status: "unchecked", answer: null });
  });
});
