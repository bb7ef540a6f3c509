/** Evaluation results aggregated per task, per category and overall: what the Evaluate screen and the exports show. */
import type { Attempt, RunRecord } from "./eval-schemas.js";

export interface Stats {
  mean: number | null;
  p50: number | null;
  p95: number | null;
}

export function stats(values: readonly (number | null)[]): Stats {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return { mean: null, p50: null, p95: null };
  const at = (p: number) => v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))]!;
  return { mean: v.reduce((a, b) => a + b, 0) / v.length, p50: at(50), p95: at(95) };
}

export interface Summary {
  key: string;
  variant: string;
  category: string;
  attempts: number;
  accuracy: number;
  ttftMs: Stats;
  ttfatMs: Stats;
  totalMs: Stats;
  reasoningTokens: number | null;
  answerTokens: number | null;
  tokensPerSecond: number | null;
}

function summarize(key: string, variant: string, category: string, attempts: Attempt[]): Summary {
  return {
    key,
    variant,
    category,
    attempts: attempts.length,
    accuracy: attempts.length ? attempts.filter((a) => a.correct).length / attempts.length : 0,
    ttftMs: stats(attempts.map((a) => a.ttftMs)),
    ttfatMs: stats(attempts.map((a) => a.ttfatMs)),
    totalMs: stats(attempts.map((a) => a.totalMs)),
    reasoningTokens: stats(attempts.map((a) => a.reasoningTokens)).mean,
    answerTokens: stats(attempts.map((a) => a.answerTokens)).mean,
    tokensPerSecond: stats(attempts.map((a) => a.tokensPerSecond)).mean,
  };
}

/** One row per task and variant, one per category, and an overall row per variant. */
export function summarizeRun(run: RunRecord): { tasks: Summary[]; categories: Summary[]; overall: Summary[] } {
  const tasks: Summary[] = [];
  const categories: Summary[] = [];
  const overall: Summary[] = [];
  for (const variant of run.variants) {
    const mine = run.attempts.filter((a) => a.variant === variant);
    for (const taskId of [...new Set(mine.map((a) => a.taskId))]) {
      const of = mine.filter((a) => a.taskId === taskId);
      tasks.push(summarize(taskId, variant, of[0]!.category, of));
    }
    for (const category of ["math", "code", "logic"]) {
      const of = mine.filter((a) => a.category === category);
      if (of.length) categories.push(summarize(category, variant, category, of));
    }
    overall.push(summarize("overall", variant, "all", mine));
  }
  return { tasks, categories, overall };
}
