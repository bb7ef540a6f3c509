/**
 * `npm run bench:agreement`: "Check with N attempts" on the full-shape Q4_K_M twin, through Inkstone's engine process
 * as shipped. Side A: one attempt of G tokens (`generate`). Side B: 4 attempts of G tokens each, in parallel sequences
 * of one context (`generateAttempts`, batched). Same prompt, sampling, threads and token count; rounds interleaved
 * (A B, A B, …) so the machine's drift hits both alike. The goal: parallel4_vs_single ≤ 2.5 (4 answers for at most
 * 2.5 × the time of one).
 */

import { EngineClient } from "../electron/services/engine/engine-client.js";
import { spawnNodeEngine } from "../electron/services/engine/node-engine-process.js";
import { generationSettingsSchema } from "../electron/shared/engine-schemas.js";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { finish, median, round } from "./bench-utils.js";
import { SAMPLING } from "./engine/sampling.js";

const GEN_TOKENS = Number(process.env.BENCH_GEN_TOKENS ?? 48);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const PARALLEL = 4;
const FILLER =
  "Consider a rectangle whose length exceeds its width by five centimetres and whose perimeter is fifty centimetres. ";

const file = ensureModel({ kind: "full", quant: "q4_k_m" });
// BENCH_THREADS: on a busy shared machine one thread avoids two spinning threads waiting on each other
const threadsWanted = process.env.BENCH_THREADS ? Number(process.env.BENCH_THREADS) : null;
const engine = new EngineClient({ spawn: spawnNodeEngine, backend: "cpu", threads: threadsWanted });
const never = () => new AbortController().signal;
// the thinking budget and the loop detector stay as shipped; maxTokens fixes the length of every attempt
const settings = (r: number) =>
  generationSettingsSchema.parse({ ...SAMPLING, maxTokens: GEN_TOKENS, seed: SAMPLING.seed + r });
const generatedOf = (m: { reasoningTokens: number; answerTokens: number }) => m.reasoningTokens + m.answerTokens;

interface Round {
  singleMs: number;
  parallelMs: number;
  singleTokens: number;
  parallelTokens: number[];
}
const rounds: Round[] = [];
let threads = 0;
try {
  const gpu = await engine.start();
  threads = gpu.threads;
  await engine.load(file, { contextSize: 2048 });
  // warm-up: the first decode of a fresh process pays for page faults in the weights
  await engine.generate([{ role: "user", text: "Hello" }], { ...settings(99), maxTokens: 4 }, () => {}, never());
  for (let r = 0; r < RUNS; r++) {
    const question = [{ role: "user" as const, text: `Round ${r}: ${FILLER}What is the area?` }];
    let started = performance.now();
    const single = await engine.generate(question, settings(r), () => {}, never());
    const singleMs = performance.now() - started;
    started = performance.now();
    const parallel = await engine.generateAttempts(
      question,
      settings(r),
      PARALLEL,
      () => {},
      () => {},
      never(),
    );
    const parallelMs = performance.now() - started;
    rounds.push({
      singleMs,
      parallelMs,
      singleTokens: generatedOf(single.metrics),
      parallelTokens: parallel.attempts.map((a) => generatedOf(a.metrics)),
    });
    const last = rounds.at(-1)!;
    console.error(
      `round ${r + 1}: single ${(singleMs / 1000).toFixed(1)} s (${last.singleTokens} tokens) · ` +
        `${PARALLEL} parallel ${(parallelMs / 1000).toFixed(1)} s (${last.parallelTokens.join("/")} tokens) · ` +
        `ratio ${(parallelMs / singleMs).toFixed(2)}`,
    );
  }
} finally {
  await engine.dispose();
}

const ratios = rounds.map((r) => r.parallelMs / r.singleMs);
const sameLength = rounds.every((r) => r.parallelTokens.every((t) => t === r.singleTokens));
const singleTps = median(rounds.map((r) => (r.singleTokens * 1000) / r.singleMs));
const parallelTps = median(rounds.map((r) => (r.parallelTokens.reduce((a, b) => a + b, 0) * 1000) / r.parallelMs));
const ratio = median(ratios);
finish(
  [
    `model: full-shape Q4_K_M twin · cpu · ${threads} threads · ${RUNS} interleaved rounds × ${GEN_TOKENS} tokens per attempt`,
    `one attempt:             ${(median(rounds.map((r) => r.singleMs)) / 1000).toFixed(2)} s median · ${singleTps.toFixed(2)} tokens/s`,
    `${PARALLEL} attempts in parallel: ${(median(rounds.map((r) => r.parallelMs)) / 1000).toFixed(2)} s median · ${parallelTps.toFixed(2)} tokens/s (all attempts)`,
    `parallel ${PARALLEL} / single: ${ratio.toFixed(2)} median (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) · goal <= 2.5`,
    sameLength ? "every attempt generated the same number of tokens" : "warning: attempts of different lengths",
  ],
  {
    bench: "agreement",
    attempts: PARALLEL,
    gen_tokens: GEN_TOKENS,
    rounds: RUNS,
    threads,
    single_s: round(median(rounds.map((r) => r.singleMs)) / 1000, 2),
    parallel4_s: round(median(rounds.map((r) => r.parallelMs)) / 1000, 2),
    single_tps: round(singleTps, 2),
    parallel4_total_tps: round(parallelTps, 2),
    parallel4_vs_single: round(ratio, 3),
    same_length: sameLength,
  },
);
