/**
 * `npm run bench:engine`: prompt and generation speed on the full-shape Q4_K_M twin, measured side
 * by side in one run: the whole pipeline (engine process + contract stream over web mode's
 * WebSocket), node-llama-cpp used bare in one process (Inkstone's thread choice, and its defaults),
 * and llama.cpp's own llama-bench when it has been built (bench/build-llama-bench.sh).
 */
import { execFileSync } from "node:child_process";
import { existsSync, linkSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { getLlama, LlamaChat, LlamaLogLevel } from "node-llama-cpp";
import { createAppServices } from "../electron/core/app-services.js";
import { toChatHistory } from "../electron/services/engine/chat-history.js";
import { startWebServer } from "../electron/web/web-server.js";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { finish, mean, round } from "./bench-utils.js";
import { connectContract } from "./web-client.js";

const GEN_TOKENS = Number(process.env.BENCH_GEN_TOKENS ?? 64);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const openers = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"];
const filler =
  "Consider a rectangle whose length exceeds its width by five centimetres and whose perimeter is fifty centimetres. ";
/** Distinct prompts (no shared prefix to reuse) of roughly 500 tokens. */
const prompts = Array.from(
  { length: RUNS },
  (_, i) => `${openers[i % openers.length]} ${i}: ${filler.repeat(11)}What is the area?`,
);

const warmup = `Zulu: ${filler.repeat(11)}`;

interface RunFigures {
  ttftMs: number;
  promptTokens: number;
  ppTps: number;
  tgTps: number;
}

const summarize = (runs: RunFigures[]) => ({
  ttftMs: mean(runs.map((r) => r.ttftMs)),
  promptTokens: mean(runs.map((r) => r.promptTokens)),
  ppTps: mean(runs.map((r) => r.ppTps)),
  tgTps: mean(runs.map((r) => r.tgTps)),
});

async function bare(
  file: string,
  threads: number | "default",
  limits: { prompts?: string[]; genTokens?: number; timeoutMs?: number } = {},
): Promise<RunFigures[]> {
  const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error, build: "never" });
  const model = await llama.loadModel({ modelPath: file });
  const context = await model.createContext({ contextSize: 8192, ...(threads === "default" ? {} : { threads }) });
  const sequence = context.getSequence();
  const chat = new LlamaChat({ contextSequence: sequence, autoDisposeSequence: false });
  const runs: RunFigures[] = [];
  // warm-up (page cache, allocations, JIT), not measured: the pipeline gets the same
  if (!limits.prompts)
    await chat.generateResponse(toChatHistory("", [{ role: "user", text: warmup }]), { temperature: 0, maxTokens: 8 });
  for (const prompt of limits.prompts ?? prompts) {
    const before = sequence.tokenMeter.usedInputTokens;
    const times: number[] = [];
    let promptTokens = 0;
    const start = performance.now();
    await chat.generateResponse(toChatHistory("", [{ role: "user", text: prompt }]), {
      temperature: 0,
      maxTokens: limits.genTokens ?? GEN_TOKENS,
      signal: limits.timeoutMs ? AbortSignal.timeout(limits.timeoutMs) : undefined,
      stopOnAbortSignal: true,
      onResponseChunk: (chunk) => {
        if (times.length === 0) promptTokens = sequence.tokenMeter.usedInputTokens - before;
        for (let i = 0; i < chunk.tokens.length; i++) times.push(performance.now());
      },
    });
    const ttft = times[0]! - start;
    console.error(
      `  bare (${threads} threads): ttft ${ttft.toFixed(0)} ms, ${promptTokens} prompt tokens, ${times.length} tokens`,
    );
    runs.push({
      ttftMs: ttft,
      promptTokens,
      ppTps: (promptTokens * 1000) / ttft,
      tgTps: ((times.length - 1) * 1000) / (times.at(-1)! - times[0]!),
    });
  }
  await context.dispose();
  await model.dispose();
  await llama.dispose();
  return runs;
}

async function pipeline(file: string): Promise<RunFigures[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "inkstone-bench-"));
  mkdirSync(path.join(dataDir, "models"));
  linkSync(file, path.join(dataDir, "models", "twin.gguf"));
  const services = await createAppServices({ dataDir, mode: "web", version: "bench" });
  const server = await startWebServer({ router: services.router, notifier: services.notifier, rendererDir: dataDir });
  const socket = await connectContract(server);
  try {
    const loaded = await socket.stream("engine.load", { file: "twin.gguf", contextSize: 8192 }, () => {});
    if (!loaded.ok) throw new Error(loaded.error.message);
    const runs: RunFigures[] = [];
    await socket.stream("chat.send", { text: warmup, settings: { temperature: 0, maxTokens: 8 } }, () => {});
    for (const prompt of prompts) {
      const tokenTimes: number[] = [];
      const start = performance.now();
      const result = await socket.stream(
        "chat.send",
        { text: prompt, settings: { temperature: 0, maxTokens: GEN_TOKENS } },
        (events, at) => {
          for (const e of events as { kind: string; tokens?: number }[]) {
            if (e.kind === "reasoning" || e.kind === "answer")
              for (let i = 0; i < (e.tokens ?? 0); i++) tokenTimes.push(at);
          }
        },
      );
      if (!result.ok) throw new Error(result.error.message);
      const metrics = (result.data as { message: { metrics: { promptTokens: number } } }).message.metrics;
      const ttft = tokenTimes[0]! - start;
      console.error(
        `  pipeline: ttft ${ttft.toFixed(0)} ms, ${metrics.promptTokens} prompt tokens, ${tokenTimes.length} tokens`,
      );
      runs.push({
        ttftMs: ttft,
        promptTokens: metrics.promptTokens,
        ppTps: (metrics.promptTokens * 1000) / ttft,
        // first to last token as the client saw them (arrivals are coalesced into 16 ms batches)
        tgTps: ((tokenTimes.length - 1) * 1000) / (tokenTimes.at(-1)! - tokenTimes[0]!),
      });
    }
    return runs;
  } finally {
    socket.close();
    await server.close();
    await services.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function llamaBench(file: string, threads: number, promptTokens: number): { ppTps: number; tgTps: number } | null {
  const binary = path.resolve(".cache/llama.cpp/build/bin/llama-bench");
  if (!existsSync(binary)) return null;
  const out = execFileSync(
    binary,
    ["-m", file, "-p", String(promptTokens), "-n", String(GEN_TOKENS), "-t", String(threads), "-r", "2", "-o", "json"],
    { encoding: "utf8", maxBuffer: 16 * 1024 * 1024, stdio: ["ignore", "pipe", "ignore"] },
  );
  const rows = JSON.parse(out) as { n_prompt: number; n_gen: number; avg_ts: number }[];
  return {
    ppTps: rows.find((r) => r.n_prompt > 0 && r.n_gen === 0)!.avg_ts,
    tgTps: rows.find((r) => r.n_gen > 0 && r.n_prompt === 0)!.avg_ts,
  };
}

const file = ensureModel({ kind: "full", quant: "q4_k_m" });
const probe = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error, build: "never" });
const threads = probe.cpuMathCores;
const defaultThreads = probe.maxThreads;
console.log(
  `model: ${path.basename(file)} · CPU · ${threads} math cores (node-llama-cpp default threads: ${defaultThreads}) · ${RUNS} runs × ${GEN_TOKENS} tokens`,
);

const pipe = summarize(await pipeline(file));
const bareOurs = summarize(await bare(file, threads));
// node-llama-cpp's default thread count oversubscribes this machine so badly that a full run takes
// many minutes: one short prompt, 16 tokens, at most 3 minutes.
const bareDefault = summarize(
  await bare(file, "default", {
    prompts: ["What is the area of a 10 by 15 rectangle?"],
    genTokens: 16,
    timeoutMs: 180_000,
  }),
);
const reference = llamaBench(file, threads, Math.round(pipe.promptTokens));

const row = (name: string, f: { ppTps: number; tgTps: number; ttftMs?: number }) =>
  `${name.padEnd(38)} pp ${f.ppTps.toFixed(1).padStart(7)} t/s   tg ${f.tgTps.toFixed(2).padStart(6)} t/s${f.ttftMs === undefined ? "" : `   ttft ${f.ttftMs.toFixed(0)} ms`}`;
const lines = [
  row("Inkstone pipeline (web mode)", pipe),
  row(`node-llama-cpp bare, ${threads} threads`, bareOurs),
  row(`node-llama-cpp bare, default (${defaultThreads}), short`, bareDefault),
  reference
    ? row(`llama-bench -t ${threads}`, reference)
    : "llama-bench: not built (run bench/build-llama-bench.sh, ~10 min)",
];
finish(lines, {
  bench: "engine",
  prompt_tokens: round(pipe.promptTokens, 0),
  gen_tokens: GEN_TOKENS,
  threads,
  pipeline_pp_tps: round(pipe.ppTps),
  pipeline_tg_tps: round(pipe.tgTps),
  bare_pp_tps: round(bareOurs.ppTps),
  bare_tg_tps: round(bareOurs.tgTps),
  bare_default_tg_tps: round(bareDefault.tgTps),
  llama_bench_pp_tps: reference ? round(reference.ppTps) : null,
  llama_bench_tg_tps: reference ? round(reference.tgTps) : null,
  pp_ratio_llama_bench: reference ? round(pipe.ppTps / reference.ppTps, 3) : null,
  tg_ratio_llama_bench: reference ? round(pipe.tgTps / reference.tgTps, 3) : null,
  tg_ratio_bare: round(pipe.tgTps / bareOurs.tgTps, 3),
  ttft_overhead_ms: round(pipe.ttftMs - bareOurs.ttftMs, 1),
});
