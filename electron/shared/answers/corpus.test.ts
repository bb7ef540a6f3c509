import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkLine } from "./check-line.js";
import { measureCorpus, parseCorpus } from "./fixtures/measure.js";

const corpus = parseCorpus(readFileSync(new URL("./fixtures/corpus.jsonl", import.meta.url), "utf8"));

describe("the answer corpus (issue 16)", () => {
  const figures = measureCorpus(corpus);

  it("holds at least 150 cases in English and Chinese, the issue's own among them", () => {
    expect(figures.cases).toBeGreaterThanOrEqual(150);
    expect(figures.chinese).toBeGreaterThanOrEqual(40);
    const answers = corpus.map((c) => c.answer).join("\n");
    for (const form of [
      "\\boxed{2\\frac{1}{2}}",
      "1.5\\times10^{3}",
      "68 dollars after the 15% discount",
      "是否",
      "Yes. Every penguin",
    ]) {
      expect(answers).toContain(form);
    }
  });

  it("never marks a correct answer wrong, and catches wrong answers in the supported forms", () => {
    expect(figures.misses.filter((m) => m.expected.startsWith("a correct answer"))).toEqual([]);
    expect(figures.correctMarkedWrong).toBe(0);
    expect(figures.wrongDetectionRate).toBeGreaterThanOrEqual(0.8);
  });

  it("reads verdicts and final values right", () => {
    expect(figures.verdictAccuracy).toBeGreaterThanOrEqual(0.98);
    expect(figures.finalAccuracy).toBeGreaterThanOrEqual(0.98);
  });
});

describe("the check CLI's output", () => {
  it("has the stable shape: final for math and number, status for math, verdict for logic", () => {
    expect(
      checkLine({ id: "1", mode: "math", question: "If 2x + 3 = 11, what is 4x?", answer: "\\boxed{16}" }),
    ).toEqual({
      id: "1",
      final: "16",
      status: "checked",
      detail: "checked: 2x + 3 = 11 ⇒ x = 4 ⇒ 4x = 16 ✓",
      verdict: null,
    });
    expect(
      checkLine({ id: "2", mode: "math", question: "What is 17 × 23 mod 5?", answer: "\\boxed{2}" }),
    ).toMatchObject({
      status: "does_not_check",
      detail: "does not check out: 17 × 23 mod 5 = 1, not 2",
    });
    expect(checkLine({ id: "3", mode: "logic", question: "", answer: "是的，可以推出。是否成立已说明。" })).toEqual({
      id: "3",
      final: null,
      status: null,
      detail: "verdict: yes",
      verdict: "yes",
    });
    expect(checkLine({ id: "4", mode: "number", question: "", answer: "\\boxed{9\\pi}" })).toMatchObject({
      final: "28.274334",
      status: null,
      verdict: null,
    });
  });
});
