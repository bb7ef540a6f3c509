import { describe, expect, it } from "vitest";
import { checkMath } from "./math-check.js";

describe("math check", () => {
  it("checks the issue's correct answers and says what it checked", () => {
    expect(checkMath("What is the sum of the roots of x² − 5x + 6 = 0?", "\\boxed{5}")).toMatchObject({
      status: "checked",
      work: "x^2 − 5x + 6 = 0 ⇒ x = 2, 3 ⇒ x₁ + x₂ = 5",
    });
    expect(checkMath("Find d/dx(x² + 3x) at x = 2.", "\\boxed{7}").status).toBe("checked");
    expect(checkMath("What is 17/3 to two decimal places?", "\\boxed{5.67}")).toMatchObject({
      status: "checked",
      work: "17/3 = 5.666667 ≈ 5.67",
    });
    expect(checkMath("A circle has radius 3 cm. What is its area?", "\\boxed{28.26}").status).toBe("checked"); // π ≈ 3.14
  });

  it("checks every root of a quadratic, not only the last", () => {
    expect(checkMath("Solve x^2 - 5x + 6 = 0.", "x = 2 or x = 3").status).toBe("checked");
    expect(checkMath("Solve x^2 - 5x + 6 = 0.", "\\boxed{x = 1 \\text{ or } x = 3}")).toMatchObject({
      status: "does_not_check",
      work: "x^2 − 5x + 6 = 0 ⇒ x = 2, 3",
    });
    // one of the two roots: the question may want only that one ("x is a side length")
    expect(checkMath("Find x if x^2 = 9 and x is a side length.", "\\boxed{3}").status).toBe("not_checked");
  });

  it("does not check what it cannot be sure of", () => {
    // the answer names x when the question asks for 4x: another question, not a wrong answer
    expect(checkMath("If 2x + 3 = 11, what is 4x?", "\\boxed{x = 4}").status).toBe("not_checked");
    // a unit the question does not use
    expect(
      checkMath("A circle has radius 3 cm. What is its area in square metres?", "\\boxed{0.0028 m^2}").status,
    ).toBe("not_checked");
    // a word problem with numbers the forms do not use
    expect(checkMath("一个矩形的长比宽多 5cm,周长为 50cm,求面积。", "\\boxed{125}").status).toBe("not_checked");
    // a sentence with several numbers and nothing saying which is the answer
    expect(checkMath("What is 17 × 23?", "I got 381 after 2 tries").status).toBe("not_checked");
    expect(checkMath("What is 2 + 2?", "It is four, I think.")).toMatchObject({
      status: "not_checked",
      reason: "no_answer",
    });
  });
});
