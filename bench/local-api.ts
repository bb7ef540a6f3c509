/**
 * `npm run bench:local-api`: the local API against the app's own path to the engine, rounds interleaved on one
 * engine process with the generated models:
 *   - stop: a streaming client disconnects (API) / the app's Stop aborts (direct) after 10 tokens of the endless
 *     model; time until the engine is idle again. Goal: the API stops the engine within 200 ms.
 *   - first token and whole answer of the scripted model: the API's HTTP + SSE overhead over a direct call.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { EngineClient } from "../electron/services/engine/engine-client.js";
import { spawnNodeEngine } from "../electron/services/engine/node-engine-process.js";
import { FileKeyStore } from "../electron/services/local-api/api-key.js";
import { LocalApiService } from "../electron/services/local-api/local-api-service.js";
import { generationSettingsSchema } from "../electron/shared/engine-schemas.js";
import { apiModelId } from "../electron/shared/local-api-schemas.js";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { finish, median, percentile, round } from "./bench-utils.js";

const ROUNDS = Math.max(3, Number(process.env.BENCH_RUNS ?? 8));
const STOP_AFTER = 10;

const endless = ensureModel({ kind: "endless" });
const scripted = ensureModel({ kind: "scripted" });
const dataDir = await mkdtemp(path.join(os.tmpdir(), "inkstone-bench-api-"));
let idleAt = 0;
const engine = new EngineClient({
  spawn: spawnNodeEngine,
  onStatus: (status) => {
    if (status.state === "ready") idleAt = performance.now();
  },
});
await engine.start();
const api = await LocalApiService.open({
  dataDir,
  engine,
  keys: new FileKeyStore(path.join(dataDir, "local-api-key")),
  readyModels: async () => [],
  forceEnabled: true,
  port: 0,
});
const { url, key } = api.status() as { url: string; key: string };
const settings = generationSettingsSchema.parse({ temperature: 0 });

async function waitIdle(after: number): Promise<number> {
  while (idleAt <= after) await new Promise((resolve) => setTimeout(resolve, 1));
  return idleAt - after;
}

/** The app's Stop: abort the generation after STOP_AFTER tokens. */
async function directStop(): Promise<number> {
  const controller = new AbortController();
  let tokens = 0;
  let stoppedAt = 0;
  const done = engine.generate(
    [{ role: "user", text: "Go" }],
    settings,
    (event) => {
      if ((event.kind === "answer" || event.kind === "reasoning") && ++tokens === STOP_AFTER) {
        stoppedAt = performance.now();
        controller.abort();
      }
    },
    controller.signal,
  );
  await done;
  return waitIdle(stoppedAt);
}

function post(body: object, signal?: AbortSignal) {
  return fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ temperature: 0, messages: [{ role: "user", content: "Go" }], ...body }),
    signal,
  });
}

/** A streaming API client that goes away after STOP_AFTER tokens. */
async function apiStop(): Promise<number> {
  const controller = new AbortController();
  const response = await post({ model: apiModelId(endless), stream: true }, controller.signal);
  const reader = response.body!.getReader();
  let text = "";
  while ((text.match(/"(?:content|reasoning_content)":"[^"]/g) ?? []).length < STOP_AFTER)
    text += new TextDecoder().decode((await reader.read()).value);
  const stoppedAt = performance.now();
  controller.abort();
  return waitIdle(stoppedAt);
}

async function directAnswer(): Promise<{ firstMs: number; totalMs: number }> {
  const started = performance.now();
  let first = 0;
  await engine.generate(
    [{ role: "user", text: "Go" }],
    settings,
    (event) => {
      if (!first && (event.kind === "answer" || event.kind === "reasoning")) first = performance.now();
    },
    new AbortController().signal,
  );
  return { firstMs: first - started, totalMs: performance.now() - started };
}

async function apiAnswer(): Promise<{ firstMs: number; totalMs: number }> {
  const started = performance.now();
  const response = await post({ model: apiModelId(scripted), stream: true });
  const reader = response.body!.getReader();
  let first = 0;
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
    if (!first && /"(?:content|reasoning_content)":"[^"]/.test(text)) first = performance.now();
  }
  if (!text.endsWith("data: [DONE]\n\n")) throw new Error("the stream did not end with [DONE]");
  return { firstMs: first - started, totalMs: performance.now() - started };
}

const stops = { direct: [] as number[], api: [] as number[] };
const answers = {
  direct: [] as { firstMs: number; totalMs: number }[],
  api: [] as { firstMs: number; totalMs: number }[],
};
try {
  await engine.load(endless);
  for (let r = 0; r < ROUNDS; r++) {
    stops.direct.push(await directStop());
    stops.api.push(await apiStop());
    console.error(
      `stop round ${r + 1}: direct ${stops.direct.at(-1)!.toFixed(1)} ms, API ${stops.api.at(-1)!.toFixed(1)} ms`,
    );
  }
  await engine.load(scripted);
  for (let r = 0; r < ROUNDS; r++) {
    answers.direct.push(await directAnswer());
    answers.api.push(await apiAnswer());
  }
} finally {
  await api.close();
  await engine.dispose();
  await rm(dataDir, { recursive: true, force: true });
}

const p50 = (values: number[]) => round(median(values), 1);
const max = (values: number[]) => round(percentile(values, 100), 1);
const first = (side: "direct" | "api") => answers[side].map((a) => a.firstMs);
const total = (side: "direct" | "api") => answers[side].map((a) => a.totalMs);
finish(
  [
    `${ROUNDS} interleaved rounds · stop after ${STOP_AFTER} tokens of the endless model · answers of the scripted model`,
    "| path | stop → engine idle p50 (ms) | max (ms) | first token p50 (ms) | whole answer p50 (ms) |",
    "| --- | --- | --- | --- | --- |",
    `| app (direct EngineClient) | ${p50(stops.direct)} | ${max(stops.direct)} | ${p50(first("direct"))} | ${p50(total("direct"))} |`,
    `| local API (HTTP + SSE, client disconnects) | ${p50(stops.api)} | ${max(stops.api)} | ${p50(first("api"))} | ${p50(total("api"))} |`,
    `goal: the API's stop within 200 ms: ${percentile(stops.api, 100) < 200 ? "met" : "NOT met"} (max ${max(stops.api)} ms)`,
  ],
  {
    bench: "local-api",
    rounds: ROUNDS,
    direct_stop_p50_ms: p50(stops.direct),
    direct_stop_max_ms: max(stops.direct),
    api_stop_p50_ms: p50(stops.api),
    api_stop_max_ms: max(stops.api),
    direct_first_token_p50_ms: p50(first("direct")),
    api_first_token_p50_ms: p50(first("api")),
    direct_answer_p50_ms: p50(total("direct")),
    api_answer_p50_ms: p50(total("api")),
    stop_goal_met: percentile(stops.api, 100) < 200,
  },
);
