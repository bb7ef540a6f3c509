/**
 * `npm run bench:engine`: prompt and generation speed on the full-shape Q4_K_M twin, the same sampling, threads and
 * backend on every side, rounds interleaved (A B C D, B C D A, …: the order rotates) so drift hits all sides alike:
 *   - llama-bench: llama.cpp with no HTTP and no sampling (the limit);
 *   - llama-server: llama.cpp's own server streaming chat completions over loopback HTTP;
 *   - bare node-llama-cpp: LlamaChat in one process;
 *   - Inkstone's whole path: engine process → contract → the renderer's client and chat store → drawn in Chromium.
 * Then a follow-up turn on the scripted model: how many tokens the engine evaluated against how many changed; and a
 * follow-up in a conversation returned to after another (its saved context state reloaded) against a fresh engine.
 * llama.cpp's tools come from bench/build-llama-tools.sh (cached per machine; BENCH_BUILD_LLAMA=1 builds them here).
 * Threads: the machine's math cores on every side, or BENCH_THREADS (Inkstone's engine gets it too).
 */
import { getLlama, LlamaLogLevel } from "node-llama-cpp";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { finish, median, round } from "./bench-utils.js";
import { startBare } from "./engine/bare-side.js";
import { llamaBench, llamaToolsDir, startLlamaServer } from "./engine/llama-tools.js";
import { measureReturn } from "./engine/return-side.js";
import { prompt, type RunFigures, SAMPLING } from "./engine/sampling.js";
import { startWholePath, type WholePathRun } from "./engine/whole-path-side.js";

const GEN_TOKENS = Number(process.env.BENCH_GEN_TOKENS ?? 128);
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));

const file = ensureModel({ kind: "full", quant: "q4_k_m" });
const probe = await getLlama({ gpu: "auto", logLevel: LlamaLogLevel.error, build: "never" });
// every side gets the same threads: the math cores, or BENCH_THREADS (e.g. one fewer, leaving a core to drawing)
const threads = Number(process.env.BENCH_THREADS) > 0 ? Number(process.env.BENCH_THREADS) : probe.cpuMathCores;
const gpu = probe.gpu;
await probe.dispose();

const tools = llamaToolsDir();
const bare = await startBare(file, threads, gpu === false ? false : "auto");
const server = tools ? await startLlamaServer(tools, file, threads) : null;
// llama-server runs detached in its own process group: a failed start of the whole path must stop it here, or it
// outlives this process (it did once, when the web build was missing)
const whole = await startWholePath(file, "twin.gguf", threads).catch(async (error: unknown) => {
  await server?.stop();
  await bare.dispose();
  throw error;
});
console.log(
  `model: full-shape Q4_K_M twin · ${threads} threads · backend: bare ${bare.backend}, Inkstone auto (same llama.cpp), ` +
    `llama.cpp tools ${tools ? "cpu build" : "not built"} · ${RUNS} interleaved rounds × ${GEN_TOKENS} tokens · ` +
    `sampling temperature ${SAMPLING.temperature}, top-p ${SAMPLING.topP}, top-k ${SAMPLING.topK}, no repeat penalty`,
);

const results: { server: RunFigures[]; bare: RunFigures[]; whole: WholePathRun[] } = {
  server: [],
  bare: [],
  whole: [],
};
const limit: { ppTps: number; tgTps: number }[] = [];
try {
  for (let r = 0; r < RUNS; r++) {
    const text = prompt(r, "");
    // the order rotates each round, so that no side always follows the same one (its trailing work, the cache state)
    const sides: (() => Promise<void>)[] = [
      async () => void results.whole.push(await whole.run(text, GEN_TOKENS)),
      async () => void results.bare.push(await bare.run(text, GEN_TOKENS)),
    ];
    if (server) sides.push(async () => void results.server.push(await server.run(text, GEN_TOKENS)));
    for (let i = 0; i < sides.length; i++) await sides[(i + r) % sides.length]!();
    if (tools) limit.push(llamaBench(tools, file, threads, results.whole.at(-1)!.promptTokens, GEN_TOKENS));
    const last = (k: keyof typeof results) => results[k].at(-1);
    console.error(
      `round ${r + 1}: ` +
        (["whole", "bare", "server"] as const)
          .map((k) => last(k) && `${k} ttft ${last(k)!.ttftMs.toFixed(0)} ms tg ${last(k)!.tgTps.toFixed(2)}`)
          .filter(Boolean)
          .join(" · "),
    );
  }
} finally {
  await whole.stop();
  await server?.stop();
}

// Follow-up turn: the previous answer (its reasoning dropped) and the new question are all that changed; a long first
// question shows the difference between reusing the context (evaluated ≈ changed) and evaluating it all again.
const scriptedFile = ensureModel({ kind: "scripted" });
const scripted = await startWholePath(scriptedFile, "scripted.gguf");
let turn2: { evaluated: number; changed: number };
try {
  await scripted.run(prompt(99, ""), 400);
  const question = "And what is its diagonal?";
  const { promptTokens, previousAnswer } = await scripted.followUp(question, 64);
  const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error, build: "never" });
  const vocab = await llama.loadModel({ modelPath: scriptedFile, vocabOnly: true });
  // the chat template's few tokens between the turns count as changed too
  const changed = vocab.tokenize(previousAnswer).length + vocab.tokenize(question).length + 8;
  await vocab.dispose();
  await llama.dispose();
  turn2 = { evaluated: promptTokens, changed };
} finally {
  await scripted.stop();
  await bare.dispose();
}

// Returning to conversation A after B: A's saved context state is reloaded (saved-contexts.ts); baseline: a fresh engine
const back = await measureReturn(scriptedFile);

const stat = (values: number[]) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });
const show = (values: number[], digits = 1) => {
  const s = stat(values);
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
};
const perRound = (a: RunFigures[], b: { ppTps: number; tgTps: number }[], key: "ppTps" | "tgTps") =>
  a.map((x, i) => x[key] / b[i]![key]);
const row = (name: string, runs: { ppTps: number; tgTps: number; ttftMs?: number }[]) =>
  `${name.padEnd(34)} pp ${show(runs.map((r) => r.ppTps)).padStart(20)} t/s   tg ${show(
    runs.map((r) => r.tgTps),
    2,
  ).padStart(20)} t/s` +
  (runs[0]?.ttftMs === undefined
    ? ""
    : `   ttft ${show(
        runs.map((r) => r.ttftMs!),
        0,
      )} ms`);

const ratio = (values: number[] | null) => (values?.length ? round(median(values), 3) : null);
const tgServer = server ? perRound(results.whole, results.server, "tgTps") : null;
const ppServer = server ? perRound(results.whole, results.server, "ppTps") : null;
const tgBare = perRound(results.whole, results.bare, "tgTps");
const ppBare = perRound(results.whole, results.bare, "ppTps");
const tgBench = tools ? perRound(results.whole, limit, "tgTps") : null;
const overhead = results.whole.map((w, i) => w.ttftMs - results.bare[i]!.ttftMs);
// Inkstone's own part of the first drawn token, within one answer: click → engine, and engine's first token → drawn
const pathMs = results.whole.map((w) => w.ttftMs - w.engineTtftMs);
const lines = [
  "median (min–max) over the rounds:",
  row("Inkstone, drawn in Chromium", results.whole),
  row("node-llama-cpp bare", results.bare),
  server ? row("llama-server over HTTP", results.server) : "llama-server: not built (bench/build-llama-tools.sh)",
  tools ? row("llama-bench (no sampling, no I/O)", limit) : "llama-bench: not built (bench/build-llama-tools.sh)",
  `Inkstone / llama-server: tg ${tgServer ? show(tgServer, 3) : "–"}, pp ${ppServer ? show(ppServer, 3) : "–"} (goal >= 0.97)`,
  `Inkstone / bare: tg ${show(tgBare, 3)}, pp ${show(ppBare, 3)} (goal >= 0.97)`,
  `first visible token minus bare's first token: ${show(overhead, 0)} ms (goal <= 50)`,
  `  of which Inkstone's own path (first drawn minus the engine's own first token, same answer): ${show(pathMs, 0)} ms`,
  `follow-up turn: ${turn2.evaluated} tokens evaluated, ${turn2.changed} changed (goal: evaluated <= changed + 32)`,
  `back to a conversation after another: ${back.evaluated} tokens evaluated, ${back.changed} changed, ${back.full} ` +
    `without the saved state; first token ${back.ttftMs?.toFixed(0)} ms against ${back.fullTtftMs?.toFixed(0)} ms`,
];
finish(lines, {
  bench: "engine",
  runs: RUNS,
  gen_tokens: GEN_TOKENS,
  threads,
  prompt_tokens: round(median(results.whole.map((r) => r.promptTokens)), 0),
  inkstone_tg_tps: round(median(results.whole.map((r) => r.tgTps))),
  inkstone_pp_tps: round(median(results.whole.map((r) => r.ppTps))),
  bare_tg_tps: round(median(results.bare.map((r) => r.tgTps))),
  bare_pp_tps: round(median(results.bare.map((r) => r.ppTps))),
  llama_server_tg_tps: server ? round(median(results.server.map((r) => r.tgTps))) : null,
  llama_server_pp_tps: server ? round(median(results.server.map((r) => r.ppTps))) : null,
  llama_bench_tg_tps: tools ? round(median(limit.map((r) => r.tgTps))) : null,
  llama_bench_pp_tps: tools ? round(median(limit.map((r) => r.ppTps))) : null,
  tg_ratio_llama_server: ratio(tgServer),
  pp_ratio_llama_server: ratio(ppServer),
  tg_ratio_bare: ratio(tgBare),
  pp_ratio_bare: ratio(ppBare),
  tg_ratio_llama_bench: ratio(tgBench),
  first_visible_token_overhead_ms: round(median(overhead), 1),
  first_visible_token_path_ms: round(median(pathMs), 1),
  turn2_evaluated_tokens: turn2.evaluated,
  turn2_changed_tokens: turn2.changed,
  return_evaluated_tokens: back.evaluated,
  return_changed_tokens: back.changed,
  return_without_saved_state_tokens: back.full,
  return_ttft_ms: back.ttftMs === null ? null : round(back.ttftMs, 0),
  return_without_saved_state_ttft_ms: back.fullTtftMs === null ? null : round(back.fullTtftMs, 0),
});
