/**
 * How long an evaluation run will take, said before it starts: answers to write × tokens a typical answer has ÷ the
 * model's measured speed. The speed is the variant's own from earlier runs, else the loaded model's from its latest
 * chat answers; the answer lengths are this suite's categories' from earlier runs, else typical lengths for a
 * reasoning model (they think first: a math answer is about a thousand tokens). With no measured speed at all there
 * is no estimate (a made-up speed would be a claim the app cannot back).
 */
import type { Attempt, RunEstimate } from "../../shared/eval-schemas.js";

type Category = Attempt["category"];

/** Reasoning plus answer tokens of a typical DeepSeek-R1-Distill answer, by category (before any run was made). */
export const TYPICAL_ANSWER_TOKENS: Record<Category, number> = { math: 1000, code: 1400, logic: 800 };

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

export function estimateRun(input: {
  categories: readonly Category[];
  variants: readonly string[];
  repetitions: number;
  /** Attempts of earlier runs (any suite): their speeds and lengths. */
  past: readonly Attempt[];
  /** The loaded model's measured speed (its latest answers), if any. */
  loadedTokensPerSecond: number | null;
}): RunEstimate {
  const answered = input.past.filter((a) => a.error === null && a.tokensPerSecond !== null && a.tokensPerSecond > 0);
  const tokens = {} as Record<Category, number>;
  let lengths: RunEstimate["lengths"] = "typical";
  for (const category of ["math", "code", "logic"] as const) {
    const seen = answered.filter((a) => a.category === category).map((a) => a.reasoningTokens + a.answerTokens);
    const typical = median(seen);
    if (typical !== null && input.categories.includes(category)) lengths = "runs";
    tokens[category] = typical ?? TYPICAL_ANSWER_TOKENS[category];
  }
  const answers = input.categories.length * input.repetitions * input.variants.length;
  let basis: RunEstimate["basis"] = input.variants.length ? "runs" : "none";
  let seconds = 0;
  let slowest: number | null = null;
  for (const variant of input.variants) {
    let speed = median(answered.filter((a) => a.variant === variant).map((a) => a.tokensPerSecond!));
    if (speed === null) {
      speed = input.loadedTokensPerSecond;
      if (basis === "runs") basis = "model";
    }
    if (speed === null || speed <= 0) return { answers, seconds: null, basis: "none", tokensPerSecond: null, lengths };
    slowest = slowest === null ? speed : Math.min(slowest, speed);
    for (const category of input.categories) seconds += (tokens[category] / speed) * input.repetitions;
  }
  return { answers, seconds: input.variants.length ? seconds : null, basis, tokensPerSecond: slowest, lengths };
}
