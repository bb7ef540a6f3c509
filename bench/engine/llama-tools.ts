/**
 * bench:engine's llama.cpp sides: llama-bench (the limit: no HTTP, no sampling) and llama-server streaming chat
 * completions over HTTP on loopback (what LM Studio, Jan and Ollama users run), both built by
 * bench/build-llama-tools.sh from the llama.cpp source node-llama-cpp ships.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { figures, type RunFigures, SAMPLING, WARMUP_PROMPT } from "./sampling.js";

/** The cached tools' folder, or null (with the reason printed) when they are not built. */
export function llamaToolsDir(): string | null {
  try {
    const args = process.env.BENCH_BUILD_LLAMA ? [] : ["--check"];
    const dir = execFileSync("bash", ["bench/build-llama-tools.sh", ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim();
    return existsSync(path.join(dir, "llama-server")) ? dir : null;
  } catch {
    return null;
  }
}

/** llama-bench: prompt processing and generation speed, one repetition per call so rounds can interleave. */
export function llamaBench(
  dir: string,
  file: string,
  threads: number,
  promptTokens: number,
  genTokens: number,
): { ppTps: number; tgTps: number } {
  const out = execFileSync(
    path.join(dir, "llama-bench"),
    ["-m", file, "-p", String(promptTokens), "-n", String(genTokens), "-t", String(threads), "-r", "1", "-o", "json"],
    { encoding: "utf8", maxBuffer: 16 * 1024 * 1024, stdio: ["ignore", "pipe", "ignore"] },
  );
  const rows = JSON.parse(out) as { n_prompt: number; n_gen: number; avg_ts: number }[];
  return {
    ppTps: rows.find((r) => r.n_prompt > 0 && r.n_gen === 0)!.avg_ts,
    tgTps: rows.find((r) => r.n_gen > 0 && r.n_prompt === 0)!.avg_ts,
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ServerSide {
  /** One streamed answer; `seed` defaults to the shared sampling's, `ignoreEos` makes it exactly genTokens long. */
  run(prompt: string, genTokens: number, options?: { seed?: number; ignoreEos?: boolean }): Promise<RunFigures>;
  stop(): Promise<void>;
}

/** `parallel`: the server's slots (`-np`), each with 8192 / parallel tokens of context. */
let exitingOnSignals = false;
/** A terminating signal ends this process through `exit` (whose listeners stop the servers), not around it. */
function exitOnSignals(): void {
  if (exitingOnSignals) return;
  exitingOnSignals = true;
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const) {
    process.once(signal, () => process.exit(code));
  }
}

export async function startLlamaServer(dir: string, file: string, threads: number, parallel = 1): Promise<ServerSide> {
  const port = await freePort();
  const child = spawn(
    path.join(dir, "llama-server"),
    ["-m", file, "--host", "127.0.0.1", "--port", String(port), "-t", String(threads), "-tb", String(threads)].concat([
      "-c",
      "8192",
      "-np",
      String(parallel),
      "--jinja",
      "--reasoning-format",
      "deepseek",
      "--no-webui",
    ]),
    { stdio: ["ignore", "ignore", "pipe"], detached: true },
  );
  // Detached, it is in a process group of its own, which a signal to the benchmark's group (Ctrl-C, `timeout`)
  // does not reach: it is killed here whenever this process ends, however it ends.
  const killGroup = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  };
  process.once("exit", killGroup);
  exitOnSignals();
  let log = "";
  child.stderr.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llama-server exited:\n${log}`);
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`llama-server did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const run: ServerSide["run"] = async (prompt, genTokens, options = {}) => {
    const start = performance.now();
    const response = await fetch(`${base}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        messages: [{ role: "user", content: prompt }],
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: genTokens,
        temperature: SAMPLING.temperature,
        top_p: SAMPLING.topP,
        top_k: SAMPLING.topK,
        min_p: SAMPLING.minP,
        seed: options.seed ?? SAMPLING.seed,
        ignore_eos: options.ignoreEos ?? false,
        repeat_penalty: 1,
        cache_prompt: false, // every side evaluates its whole prompt
      }),
    });
    if (!response.ok || !response.body) throw new Error(`llama-server answered ${response.status}`);
    const times: number[] = [];
    let promptTokens = 0;
    let completionTokens = 0;
    let buffered = "";
    const decoder = new TextDecoder();
    for await (const bytes of response.body) {
      const now = performance.now();
      buffered += decoder.decode(bytes, { stream: true });
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf("\n");
        if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
        const event = JSON.parse(line.slice(6)) as {
          choices?: { delta?: { content?: string | null; reasoning_content?: string | null } }[];
          usage?: { prompt_tokens: number; completion_tokens: number };
        };
        const delta = event.choices?.[0]?.delta;
        if (delta?.content || delta?.reasoning_content) times.push(now);
        if (event.usage) {
          promptTokens = event.usage.prompt_tokens;
          completionTokens = event.usage.completion_tokens;
        }
      }
    }
    return figures(start, times, promptTokens, completionTokens || times.length);
  };
  await run(WARMUP_PROMPT, 8);
  return {
    run,
    async stop() {
      process.off("exit", killGroup);
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid!, "SIGTERM"); // its whole process group
      await exited;
    },
  };
}
