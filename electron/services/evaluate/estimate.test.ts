import { describe, expect, it } from "vitest";
import type { Attempt } from "../../shared/eval-schemas.js";
import { estimateRun, TYPICAL_ANSWER_TOKENS } from "./estimate.js";

const attempt = (variant: string, category: Attempt["category"], tokens: number, tps: number): Attempt => ({
  taskId: "t",
  category,
  variant,
  repetition: 0,
  correct: true,
  extracted: null,
  detail: "",
  answer: "",
  reasoningChars: 0,
  ttftMs: null,
  ttfatMs: null,
  totalMs: 0,
  reasoningTokens: tokens - 100,
  answerTokens: 100,
  tokensPerSecond: tps,
  error: null,
});

describe("estimateRun", () => {
  it("uses the loaded model's speed and typical answer lengths before any run", () => {
    const estimate = estimateRun({
      categories: ["math", "math", "logic"],
      variants: ["q4"],
      repetitions: 3,
      past: [],
      loadedTokensPerSecond: 20,
    });
    const perRun = (2 * TYPICAL_ANSWER_TOKENS.math + TYPICAL_ANSWER_TOKENS.logic) / 20;
    expect(estimate).toEqual({
      answers: 9,
      seconds: perRun * 3,
      basis: "model",
      tokensPerSecond: 20,
      lengths: "typical",
    });
  });

  it("prefers each model's speed and the lengths measured in earlier runs", () => {
    const past = [attempt("q4", "math", 400, 40), attempt("q4", "math", 600, 40), attempt("q8", "math", 500, 10)];
    const estimate = estimateRun({
      categories: ["math"],
      variants: ["q4", "q8"],
      repetitions: 2,
      past,
      loadedTokensPerSecond: 99,
    });
    // median length 500 (of 400, 500, 600): q4 at 40 tok/s, q8 at 10 tok/s
    expect(estimate).toMatchObject({ answers: 4, basis: "runs", tokensPerSecond: 10, lengths: "runs" });
    expect(estimate.seconds).toBeCloseTo((500 / 40) * 2 + (500 / 10) * 2);
  });

  it("gives no time when no speed was ever measured", () => {
    expect(
      estimateRun({ categories: ["code"], variants: ["q4"], repetitions: 3, past: [], loadedTokensPerSecond: null }),
    ).toMatchObject({ answers: 3, seconds: null, basis: "none" });
  });
});
