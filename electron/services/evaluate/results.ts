/** Evaluation results: per-attempt records, aggregated per task and overall, exported as Markdown and CSV. */
import type { Attempt, RunRecord } from "../../shared/eval-schemas.js";

export type { Attempt, RunRecord };

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

const s = (ms: number | null) => (ms === null ? "–" : (ms / 1000).toFixed(2));
const n = (v: number | null, d = 0) => (v === null ? "–" : v.toFixed(d));
const pct = (v: number) => `${Math.round(v * 100)}%`;

/** The layout of the original comparison: one row per task, with accuracy, latency and tokens. */
export function toMarkdown(run: RunRecord): string {
  const { tasks, overall } = summarizeRun(run);
  const header =
    "| Task | Variant | Runs | Accuracy | TTFT (s) | First answer token (s) | Latency mean / p50 / p95 (s) | Reasoning tokens | Answer tokens | Tokens/s |";
  const rows = [...tasks, ...overall].map(
    (r) =>
      `| ${r.key} | ${r.variant} | ${r.attempts} | ${pct(r.accuracy)} | ${s(r.ttftMs.mean)} | ${s(r.ttfatMs.mean)} | ${s(r.totalMs.mean)} / ${s(r.totalMs.p50)} / ${s(r.totalMs.p95)} | ${n(r.reasoningTokens)} | ${n(r.answerTokens)} | ${n(r.tokensPerSecond, 1)} |`,
  );
  return [
    `# ${run.suiteName}`,
    "",
    `${new Date(run.startedAt).toISOString()} · ${run.backend} · ${run.repetitions} runs per task`,
    "",
    header,
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

const csvCell = (v: unknown) => {
  const text = v === null || v === undefined ? "" : String(v);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** Every attempt, one per line. */
export function toCsv(run: RunRecord): string {
  const columns = [
    "taskId",
    "category",
    "variant",
    "repetition",
    "correct",
    "extracted",
    "ttftMs",
    "ttfatMs",
    "totalMs",
    "reasoningTokens",
    "answerTokens",
    "tokensPerSecond",
    "error",
  ] as const;
  return `${[columns.join(","), ...run.attempts.map((a) => columns.map((c) => csvCell(a[c])).join(","))].join("\n")}\n`;
}
