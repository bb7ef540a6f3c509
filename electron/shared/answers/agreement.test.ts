import { describe, expect, it } from "vitest";
import { agreeOnAnswers, groupByKey } from "./agreement.js";

describe("agreement of attempts", () => {
  it("reads each final answer with the answer reader and groups equal values: 4 of 5 agree", () => {
    const agreement = agreeOnAnswers([
      "So x = 0.5, and the answer is \\boxed{\\frac{1}{2}}",
      "The result is \\boxed{0.5}",
      "\\boxed{3}",
      "Answer: 1/2",
      "答案是 0.5。",
    ]);
    expect(agreement).toMatchObject({ key: "0.5", size: 4, of: 5, chosen: 0 });
    expect(agreement.groups.map((g) => g.attempts)).toEqual([[0, 1, 3, 4], [2]]);
  });

  it("a tie goes to the answer given first; attempts without an answer agree with nobody", () => {
    expect(groupByKey(["7", null, "9", "9", "7", null])).toMatchObject({ key: "7", size: 2, of: 6, chosen: 0 });
    expect(groupByKey([null, null])).toMatchObject({ key: null, size: 0, of: 2, chosen: 0 });
  });

  it("an attempt cut off counts only with a boxed answer, not the last number it wrote", () => {
    const agreement = agreeOnAnswers(
      ["\\boxed{12}", "so far we have 12", "\\boxed{12}"],
      ["end", "stopped", "looping"],
    );
    expect(agreement).toMatchObject({ key: "12", size: 2, of: 3 });
  });
});
