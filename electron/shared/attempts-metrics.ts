/**
 * What several attempts at one question share, whichever engine runs them (the local engine's parallel sequences or a
 * remote engine's concurrent requests), so "Check with N attempts" behaves and reads the same with either: each
 * attempt's seed, and the run's metrics as one (the wall time, the tokens summed, and the speed as all the attempts'
 * tokens over the time after the first token).
 */
import type { GenerationMetrics, GenerationResult } from "./engine-schemas.js";

export function wholeMetrics(results: GenerationResult[], totalMs: number): GenerationMetrics {
  const sum = (pick: (m: GenerationMetrics) => number) => results.reduce((total, r) => total + pick(r.metrics), 0);
  const firsts = results.map((r) => r.metrics.ttftMs).filter((v): v is number => v !== null);
  const answers = results.map((r) => r.metrics.ttfatMs).filter((v): v is number => v !== null);
  const generated = sum((m) => m.reasoningTokens + m.answerTokens);
  const ttftMs = firsts.length ? Math.min(...firsts) : null;
  const decodeMs = ttftMs === null ? 0 : totalMs - ttftMs;
  return {
    ttftMs,
    ttfatMs: answers.length ? Math.min(...answers) : null,
    totalMs,
    promptTokens: sum((m) => m.promptTokens),
    reasoningTokens: sum((m) => m.reasoningTokens),
    answerTokens: sum((m) => m.answerTokens),
    tokensPerSecond:
      generated > results.length && decodeMs > 0 ? ((generated - results.length) * 1000) / decodeMs : null,
  };
}

/** Each attempt its own seed, derived from the run's so that a seeded run repeats. */
export const attemptSeed = (seed: number | undefined, attempt: number): number | undefined =>
  seed === undefined ? undefined : (seed + attempt * 7919) % 2 ** 32;
