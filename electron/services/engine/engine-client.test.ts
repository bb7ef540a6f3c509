import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GgufWriter } from "../../../scripts/gguf/gguf-writer.js";
import { ensureModel } from "../../../scripts/gguf/model-cache.js";
import { REASONING_UNITS, SCRIPT_ANSWER, SCRIPT_REASONING } from "../../../scripts/gguf/scripted-answer.js";
import type { InkstoneError } from "../../shared/contract-kit.js";
import { type GenerationEvent, generationSettingsSchema } from "../../shared/engine-schemas.js";
import { EngineClient } from "./engine-client.js";
import { spawnNodeEngine } from "./node-engine-process.js";

const settings = (extra: Record<string, unknown> = {}) => generationSettingsSchema.parse({ temperature: 0, ...extra });
const ask = (text: string) => [{ role: "user" as const, text }];

let engine: EngineClient;
let tmp: string;
let scripted: string;
let endless: string;
let random: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "inkstone-engine-"));
  scripted = ensureModel({ kind: "scripted" });
  endless = ensureModel({ kind: "endless" });
  random = ensureModel({ kind: "random" });
  engine = new EngineClient({ spawn: spawnNodeEngine, backend: "auto" });
  await engine.start();
});
afterAll(async () => {
  await engine.dispose();
  await rm(tmp, { recursive: true, force: true });
});

function collect() {
  const events: GenerationEvent[] = [];
  const text = (kind: "reasoning" | "answer") =>
    events
      .filter((e): e is Extract<GenerationEvent, { kind: typeof kind }> => e.kind === kind)
      .map((e) => e.text)
      .join("");
  const tokens = () =>
    events.reduce((sum, e) => sum + (e.kind === "reasoning" || e.kind === "answer" ? (e.tokens ?? 0) : 0), 0);
  return { events, push: (e: GenerationEvent) => events.push(e), text, tokens };
}

describe("engine process", () => {
  it("reports the backend it used and why faster ones were skipped", () => {
    // true on any machine: the report names one backend, and a reason for each faster one it did not use
    const status = engine.status();
    expect(status.state).toBe("idle");
    const gpu = status.gpu!;
    expect(["cuda", "vulkan", "metal", "cpu"]).toContain(gpu.backend);
    expect(gpu.skipped.map((s) => s.backend)).not.toContain(gpu.backend);
    for (const skipped of gpu.skipped) expect(skipped.reason.length).toBeGreaterThan(0);
    if (gpu.backend === "cpu") {
      expect(gpu.devices).toEqual([]);
      expect(gpu.threads).toBe(gpu.cpuMathCores);
    } else {
      expect(gpu.devices.length).toBeGreaterThan(0);
    }
  });

  it("loads with progress to 100 % and reports layers and load time consistent with the backend", async () => {
    const progress: number[] = [];
    const model = await engine.load(scripted, { onProgress: (p) => progress.push(p) });
    expect(model.contextSize).toBe(8192);
    expect(model.totalLayers).toBeGreaterThan(0);
    expect(model.gpuLayers).toBeLessThanOrEqual(model.totalLayers + 1); // + the output layer
    // layers on the GPU exactly when the report says a GPU backend was used
    if (engine.status().gpu?.backend === "cpu") expect(model.gpuLayers).toBe(0);
    else expect(model.gpuLayers).toBeGreaterThan(0);
    expect(model.loadMs).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(1);
    expect(engine.status().state).toBe("ready");
  });

  it("streams the script: reasoning and answer as separate events, counts equal to the metrics", async () => {
    await engine.load(scripted);
    const c = collect();
    const result = await engine.generate(
      ask("一个矩形的长比宽多 5cm,周长为 50cm,求面积。"),
      settings(),
      c.push,
      new AbortController().signal,
    );
    expect(c.text("reasoning")).toBe(SCRIPT_REASONING);
    expect(c.text("answer")).toBe(SCRIPT_ANSWER);
    expect(result).toMatchObject({
      status: "complete",
      finishReason: "end",
      reasoning: SCRIPT_REASONING,
      answer: SCRIPT_ANSWER,
    });
    expect(result.reasoningUnfinished).toBe(false);
    expect(result.metrics.reasoningTokens).toBe(REASONING_UNITS.length);
    expect(result.metrics.reasoningTokens + result.metrics.answerTokens).toBe(c.tokens());
    expect(result.metrics.promptTokens).toBeGreaterThan(5);
    expect(result.metrics.ttftMs).toBeGreaterThan(0);
    expect(result.metrics.ttfatMs!).toBeGreaterThan(result.metrics.ttftMs!);
    expect(result.metrics.tokensPerSecond).toBeGreaterThan(0);
  });

  it("continues a conversation restored from stored history", async () => {
    await engine.load(scripted);
    const history = [
      { role: "user" as const, text: "First question" },
      { role: "assistant" as const, text: SCRIPT_ANSWER, reasoning: SCRIPT_REASONING },
      { role: "user" as const, text: "And the perimeter?" },
    ];
    const c = collect();
    const single = await engine.generate(ask("And the perimeter?"), settings(), () => {}, new AbortController().signal);
    const result = await engine.generate(history, settings(), c.push, new AbortController().signal);
    expect(result.answer).toBe(SCRIPT_ANSWER);
    expect(c.text("reasoning")).toBe(SCRIPT_REASONING);
    // the earlier turns were part of the prompt
    expect(result.metrics.promptTokens).toBeGreaterThan(single.metrics.promptTokens + 20);
  });

  it("stop ends the stream within 200 ms, keeps the partial text and marks it stopped", async () => {
    await engine.load(endless);
    const controller = new AbortController();
    const c = collect();
    let stoppedAt = 0;
    const done = engine.generate(
      ask("Go"),
      settings(),
      (e) => {
        c.push(e);
        if (e.kind === "answer" && c.text("answer").length > 300 && !stoppedAt) {
          stoppedAt = performance.now();
          controller.abort();
        }
      },
      controller.signal,
    );
    const result = await done;
    const latency = performance.now() - stoppedAt;
    expect(result.status).toBe("stopped");
    expect(result.finishReason).toBe("stopped");
    expect(result.answer.length).toBeGreaterThan(300);
    expect(result.answer.startsWith(c.text("answer"))).toBe(true);
    expect(latency).toBeLessThan(200);
  });

  it("runs to maxTokens and flags reasoning that never closed", async () => {
    await engine.load(scripted);
    const result = await engine.generate(ask("Hi"), settings({ maxTokens: 2 }), () => {}, new AbortController().signal);
    expect(result.finishReason).toBe("max_tokens");
    expect(result.reasoningUnfinished).toBe(true);
    expect(result.answer).toBe("");
  });

  it("queues a second conversation: streams never mix", async () => {
    await engine.load(endless);
    const a = collect();
    const b = collect();
    const pa = engine.generate(ask("A"), settings({ maxTokens: 60 }), a.push, new AbortController().signal);
    const pb = engine.generate(ask("B"), settings({ maxTokens: 25 }), b.push, new AbortController().signal);
    const [ra, rb] = await Promise.all([pa, pb]);
    expect(b.events[0]).toEqual({ kind: "queued", position: 1 });
    const startedB = b.events.findIndex((e) => e.kind === "started");
    expect(startedB).toBeGreaterThan(0);
    expect(ra.metrics.reasoningTokens + ra.metrics.answerTokens).toBe(a.tokens());
    expect(rb.metrics.reasoningTokens + rb.metrics.answerTokens).toBe(b.tokens());
    expect(a.text("reasoning") + a.text("answer")).toBe(ra.reasoning + ra.answer);
    expect(b.text("reasoning") + b.text("answer")).toBe(rb.reasoning + rb.answer);
    expect(a.tokens()).toBeGreaterThan(b.tokens());
  });

  it("drops the oldest turns with a notice when a conversation outgrows the context", async () => {
    await engine.load(random, { contextSize: 512 });
    const long = "lorem ipsum dolor sit amet ".repeat(12);
    const history = [];
    for (let i = 0; i < 8; i++)
      history.push({ role: "user" as const, text: `${i} ${long}` }, { role: "assistant" as const, text: long });
    history.push({ role: "user" as const, text: "Last question" });
    const c = collect();
    const result = await engine.generate(history, settings({ maxTokens: 8 }), c.push, new AbortController().signal);
    expect(result.contextShifted).toBe(true);
    expect(c.events.some((e) => e.kind === "notice" && e.code === "context_shifted")).toBe(true);
  });

  it("refuses a new question that cannot fit the context instead of truncating it", async () => {
    await engine.load(random, { contextSize: 256 });
    const huge = "word ".repeat(2000);
    await expect(engine.generate(ask(huge), settings(), () => {}, new AbortController().signal)).rejects.toMatchObject({
      code: "engine_error",
      message: expect.stringMatching(/tokens, but the context holds 256/),
    });
  });

  it("gives a clear message for a missing file, a non-GGUF and an unsupported architecture", async () => {
    await expect(engine.load(path.join(tmp, "nope.gguf"))).rejects.toMatchObject({
      code: "model_error",
      message: expect.stringMatching(/^Model file not found/),
    });
    const text = path.join(tmp, "notes.gguf");
    writeFileSync(text, "these are my notes, not a model");
    await expect(engine.load(text)).rejects.toMatchObject({ message: expect.stringMatching(/^Not a GGUF model file/) });
    const alien = path.join(tmp, "alien.gguf");
    new GgufWriter().set("general.architecture", { type: "string", value: "time-machine" }).write(alien);
    await expect(engine.load(alien)).rejects.toMatchObject({
      message: expect.stringMatching(/Unsupported model architecture "time-machine"/),
    });
    const truncated = path.join(tmp, "truncated.gguf");
    writeFileSync(truncated, readFileSync(scripted).subarray(0, 300_000));
    await expect(engine.load(truncated)).rejects.toMatchObject({
      message: expect.stringMatching(/^The GGUF header is damaged: .*truncated/),
    });
    expect(engine.status().state).not.toBe("crashed");
  });

  it("says how much memory is needed when there is not enough", async () => {
    const starved = new EngineClient({ spawn: spawnNodeEngine });
    process.env.INKSTONE_SIMULATE_AVAILABLE_RAM = String(64 * 1024);
    try {
      await starved.start();
      await expect(starved.load(scripted)).rejects.toMatchObject({
        message: expect.stringMatching(
          /^Not enough memory: the model needs [\d.]+ GB of RAM .*, 0\.00 GB is available/,
        ),
      });
    } finally {
      delete process.env.INKSTONE_SIMULATE_AVAILABLE_RAM;
      await starved.dispose();
    }
  });

  it("ejecting mid-generation ends it with a clear error", async () => {
    await engine.load(endless);
    const controller = new AbortController();
    let ejected = false;
    const run = engine.generate(
      ask("Go"),
      settings(),
      (e) => {
        if (e.kind === "answer" && !ejected) {
          ejected = true;
          void engine.eject();
        }
      },
      controller.signal,
    );
    await expect(run).rejects.toMatchObject({ message: "The model was ejected while it was answering." });
    expect(engine.status().model).toBeNull();
  });

  it("survives the engine process being killed mid-generation, and restarts with the model", async () => {
    await engine.load(endless);
    const run = engine.generate(
      ask("Go"),
      settings(),
      (e) => {
        if (e.kind === "answer") process.kill(engine.pid!, "SIGKILL");
      },
      new AbortController().signal,
    );
    const error = (await run.catch((e: unknown) => e)) as InkstoneError;
    expect(error.code).toBe("engine_crashed");
    expect(error.message).toMatch(/stopped unexpectedly \(signal SIGKILL\)/);
    expect(engine.status().state).toBe("crashed");
    await expect(engine.generate(ask("x"), settings(), () => {}, new AbortController().signal)).rejects.toMatchObject({
      code: "engine_crashed",
    });
    const status = await engine.restart();
    expect(status.state).toBe("ready");
    expect(status.model?.path).toBe(endless);
    const result = await engine.generate(
      ask("again"),
      settings({ maxTokens: 10 }),
      () => {},
      new AbortController().signal,
    );
    expect(result.finishReason).toBe("max_tokens");
  });
});
