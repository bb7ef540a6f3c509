/**
 * `npm run bench:agreement`: "Check with N attempts" on the full-shape Q4_K_M twin, through Inkstone's engine process
 * as shipped. Side A: one attempt of G tokens (`generate`). Side B: 4 attempts of G tokens each, in parallel sequences
 * of one context (`generateAttempts`, batched). Same prompt, sampling, threads and token count; rounds interleaved
 * (A B, A B, …) so the machine's drift hits both alike. The goal: parallel4_vs_single ≤ 2.5 (4 answers for at most
 * 2.5 × the time of one).
 * Baseline, in the same rounds: llama.cpp's own llama-server with 4 slots (`-np 4`), one streamed request of G tokens
 * against 4 at once (its continuous batching), the same prompt, sampling and threads: what llama.cpp itself makes of
 * 4 sequences on this machine. Skipped, and said so, when bench/build-llama-tools.sh has not built it.
 */

import { EngineClient } from "../electron/services/engine/engine-client.js";
import { spawnNodeEngine } from "../electron/services/engine/node-engine-process.js";
import { generationSettingsSchema } from "../electron/shared/engine-schemas.js";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { finish, median, round } from "./bench-utils.js";
import { llamaToolsDir, type ServerSide, startLlamaServer } from "./engine/llama-tools.js";
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
  /** llama-server: one request, then 4 at once (null when it is not built). */
  serverSingleMs: number | null;
  serverParallelMs: number | null;
}
const rounds: Round[] = [];
let threads = 0;
const toolsDir = llamaToolsDir();
let server: ServerSide | null = null;
try {
  const gpu = await engine.start();
  threads = gpu.threads;
  if (toolsDir) server = await startLlamaServer(toolsDir, file, threads, PARALLEL);
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
    let serverSingleMs: number | null = null;
    let serverParallelMs: number | null = null;
    if (server) {
      const ask = (i: number) =>
        server!.run(question[0]!.text, GEN_TOKENS, { seed: SAMPLING.seed + r + i * 7919, ignoreEos: true });
      started = performance.now();
      await ask(0);
      serverSingleMs = performance.now() - started;
      started = performance.now();
      await Promise.all(Array.from({ length: PARALLEL }, (_, i) => ask(i)));
      serverParallelMs = performance.now() - started;
    }
    rounds.push({
      singleMs,
      parallelMs,
      singleTokens: generatedOf(single.metrics),
      parallelTokens: parallel.attempts.map((a) => generatedOf(a.metrics)),
      serverSingleMs,
      serverParallelMs,
    });
    const last = rounds.at(-1)!;
    console.error(
      `round ${r + 1}: single ${(singleMs / 1000).toFixed(1)} s (${last.singleTokens} tokens) · ` +
        `${PARALLEL} parallel ${(parallelMs / 1000).toFixed(1)} s (${last.parallelTokens.join("/")} tokens) · ` +
        `ratio ${(parallelMs / singleMs).toFixed(2)}` +
        (serverSingleMs && serverParallelMs
          ? ` · llama-server single ${(serverSingleMs / 1000).toFixed(1)} s, ${PARALLEL} at once ${(serverParallelMs / 1000).toFixed(1)} s, ratio ${(serverParallelMs / serverSingleMs).toFixed(2)}`
          : ""),
    );
  }
} finally {
  await server?.stop();
  await engine.dispose();
}

const ratios = rounds.map((r) => r.parallelMs / r.singleMs);
const sameLength = rounds.every((r) => r.parallelTokens.every((t) => t === r.singleTokens));
const singleTps = median(rounds.map((r) => (r.singleTokens * 1000) / r.singleMs));
const parallelTps = median(rounds.map((r) => (r.parallelTokens.reduce((a, b) => a + b, 0) * 1000) / r.parallelMs));
const ratio = median(ratios);
const serverRounds = rounds.filter((r) => r.serverSingleMs !== null && r.serverParallelMs !== null);
const serverRatios = serverRounds.map((r) => r.serverParallelMs! / r.serverSingleMs!);
const serverLine = serverRatios.length
  ? `llama-server -np ${PARALLEL} (llama.cpp's own batching): one request ${(median(serverRounds.map((r) => r.serverSingleMs!)) / 1000).toFixed(2)} s, ${PARALLEL} at once ${(median(serverRounds.map((r) => r.serverParallelMs!)) / 1000).toFixed(2)} s · ratio ${median(serverRatios).toFixed(2)} (${Math.min(...serverRatios).toFixed(2)}–${Math.max(...serverRatios).toFixed(2)})`
  : "llama-server: not built (bash bench/build-llama-tools.sh), its side skipped";
finish(
  [
    `model: full-shape Q4_K_M twin · cpu · ${threads} threads · ${RUNS} interleaved rounds × ${GEN_TOKENS} tokens per attempt`,
    `one attempt:             ${(median(rounds.map((r) => r.singleMs)) / 1000).toFixed(2)} s median · ${singleTps.toFixed(2)} tokens/s`,
    `${PARALLEL} attempts in parallel: ${(median(rounds.map((r) => r.parallelMs)) / 1000).toFixed(2)} s median · ${parallelTps.toFixed(2)} tokens/s (all attempts)`,
    `parallel ${PARALLEL} / single: ${ratio.toFixed(2)} median (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) · goal <= 2.5`,
    serverLine,
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
    llama_server_parallel4_vs_single: serverRatios.length ? round(median(serverRatios), 3) : null,
    same_length: sameLength,
  },
);
