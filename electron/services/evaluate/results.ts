/** Evaluation results exported as Markdown and CSV. */
import type { RunRecord } from "../../shared/eval-schemas.js";
import { summarizeRun } from "../../shared/eval-summary.js";

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
