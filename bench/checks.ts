/**
 * `npm run bench:checks`: the answer reader and the math check on the issue-16 corpus
 * (electron/shared/answers/fixtures/corpus.jsonl), beside two naive baselines run on the same cases:
 * "last number" (the last number of the text, no check) and "boxed only" (the last \boxed{}, raw number).
 * Goals: 0 correct answers marked ✗; ≥ 80 % of wrong answers in supported forms marked ✗; verdicts and
 * final values ≥ 98 % right.
 */
import { readFileSync } from "node:fs";
import { type CheckOutput, checkLine } from "../electron/shared/answers/check-line.js";
import {
  type CorpusCase,
  type CorpusFigures,
  measureCorpus,
  parseCorpus,
} from "../electron/shared/answers/fixtures/measure.js";
import { formatNumber } from "../electron/shared/answers/values.js";
import { finish, percentile, round } from "./bench-utils.js";

const corpus = parseCorpus(
  readFileSync(new URL("../electron/shared/answers/fixtures/corpus.jsonl", import.meta.url), "utf8"),
);

/** Baseline: the last number in the answer; math is never checked, logic reads the first yes/no word. */
function lastNumber(c: CorpusCase): CheckOutput {
  const numbers = c.answer.replace(/(?<=\d),(?=\d{3})/g, "").match(/-?\d+(?:\.\d+)?/g);
  const first = /\b(yes|no)\b|(是|否)/i.exec(c.answer);
  const verdict = first ? (/^(yes|是)$/i.test(first[0]) ? "yes" : "no") : null;
  return {
    id: c.id,
    final: numbers ? formatNumber(Number(numbers.at(-1))) : null,
    status: c.mode === "math" ? "not_checked" : null,
    detail: "",
    verdict: c.mode === "logic" ? verdict : null,
  };
}

/** Baseline: the content of the last \boxed{} as a plain number (else the last number). */
function boxedOnly(c: CorpusCase): CheckOutput {
  const at = c.answer.lastIndexOf("\\boxed{");
  const inner = at >= 0 ? c.answer.slice(at + 7) : c.answer;
  const number = inner.match(/-?\d+(?:\.\d+)?/);
  return { ...lastNumber(c), final: number ? formatNumber(Number(number[0])) : lastNumber(c).final };
}

const runs: [string, (c: CorpusCase) => CheckOutput | undefined][] = [
  ["shared reader + math check", () => undefined],
  ["baseline: last number", lastNumber],
  ["baseline: boxed only", boxedOnly],
];

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const lines: string[] = [
  `corpus: ${corpus.length} cases (${corpus.filter((c) => c.mode === "math").length} math, ${corpus.filter((c) => c.mode === "number").length} number, ${corpus.filter((c) => c.mode === "logic").length} logic)`,
  "",
  "| reader | correct marked ✗ | wrong (supported) marked ✗ | correct checked ✓ | verdicts right | final values right | µs per case p50 / p95 |",
  "| --- | --- | --- | --- | --- | --- | --- |",
];
const results: Record<string, CorpusFigures & { p50Us: number | null; p95Us: number | null }> = {};
for (const [name, baseline] of runs) {
  const times: number[] = [];
  const figures = measureCorpus(corpus, (c) => {
    const start = performance.now();
    const out = baseline?.(c);
    const result = out ?? checkLine(c);
    times.push((performance.now() - start) * 1000);
    return result;
  });
  const [p50, p95] = [round(percentile(times, 50), 0), round(percentile(times, 95), 0)];
  results[name] = { ...figures, p50Us: p50, p95Us: p95 };
  lines.push(
    `| ${name} | ${figures.correctMarkedWrong} of ${figures.correctAnswers} | ${figures.wrongSupportedMarkedWrong} of ${figures.wrongSupported} (${pct(figures.wrongDetectionRate)}) | ${figures.correctChecked} | ${figures.verdictsRight} of ${figures.verdicts} (${pct(figures.verdictAccuracy)}) | ${figures.finalsRight} of ${figures.finals} (${pct(figures.finalAccuracy)}) | ${p50} / ${p95} |`,
  );
}

const ours = results["shared reader + math check"]!;
const goals = {
  correctMarkedWrong: ours.correctMarkedWrong === 0,
  wrongDetection: ours.wrongDetectionRate >= 0.8,
  verdicts: ours.verdictAccuracy >= 0.98,
  finals: ours.finalAccuracy >= 0.98,
};
lines.push(
  "",
  `goals met: ${Object.entries(goals)
    .map(([k, v]) => `${k} ${v ? "yes" : "NO"}`)
    .join(", ")}`,
);
for (const miss of ours.misses)
  lines.push(`miss ${miss.id}: expected ${miss.expected}; got ${JSON.stringify(miss.got)}`);
finish(lines, {
  bench: "checks",
  cases: corpus.length,
  correctMarkedWrong: ours.correctMarkedWrong,
  wrongSupportedDetection: round(ours.wrongDetectionRate, 3),
  verdictAccuracy: round(ours.verdictAccuracy, 3),
  finalAccuracy: round(ours.finalAccuracy, 3),
  p50Us: ours.p50Us,
  p95Us: ours.p95Us,
  baselines: Object.fromEntries(
    Object.entries(results)
      .filter(([name]) => name !== "shared reader + math check")
      .map(([name, f]) => [
        name,
        {
          correctMarkedWrong: f.correctMarkedWrong,
          wrongSupportedDetection: round(f.wrongDetectionRate, 3),
          verdictAccuracy: round(f.verdictAccuracy, 3),
          finalAccuracy: round(f.finalAccuracy, 3),
        },
      ]),
  ),
  goalsMet: Object.values(goals).every(Boolean),
});
