import { getLlama, LlamaLogLevel, type LlamaModel } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureModel } from "../../../scripts/gguf/model-cache.js";
import { generationSettingsSchema } from "../../shared/engine-schemas.js";
import { Lockstep } from "./lockstep.js";
import { runAttempts } from "./parallel-attempts.js";
import { countingModel } from "./test-fixtures/counting-model.js";

describe("Lockstep", () => {
  it("releases the attempts only when every running one has arrived, all at once", async () => {
    const lockstep = new Lockstep();
    for (const id of [0, 1, 2]) lockstep.join(id);
    const order: number[] = [];
    const first = lockstep.arrive(0).then(() => order.push(0));
    const second = lockstep.arrive(1).then(() => order.push(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]);
    await Promise.all([first, second, lockstep.arrive(2).then(() => order.push(2))]);
    expect(order.sort()).toEqual([0, 1, 2]);
    expect(lockstep.steps).toBe(1);
    expect(lockstep.released).toBe(3);
  });

  it("an attempt that ends no longer holds the others back", async () => {
    const lockstep = new Lockstep();
    lockstep.join(0);
    lockstep.join(1);
    const waiting = lockstep.arrive(0);
    lockstep.leave(1);
    await waiting;
    // alone now: it goes at once
    await lockstep.arrive(0);
    expect(lockstep.steps).toBe(2);
  });

  it("an attempt held up elsewhere does not stop the others for long", async () => {
    const lockstep = new Lockstep();
    lockstep.join(0);
    lockstep.join(1);
    const started = performance.now();
    await lockstep.arrive(0);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe("parallel attempts decode in step", () => {
  let llama: Awaited<ReturnType<typeof getLlama>>;
  let model: LlamaModel;
  beforeAll(async () => {
    llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error, build: "never" });
    model = await llama.loadModel({ modelPath: ensureModel({ kind: "random" }) });
  });
  afterAll(async () => {
    await model?.dispose();
    await llama?.dispose();
  });

  /** Runs 4 attempts of 24 tokens and counts the context's decode calls (one per batch). */
  async function decodes(inStep: boolean): Promise<{ decodes: number; tokens: number[] }> {
    const { view, seen } = countingModel(model);
    const counting = {
      model: view,
      contextSize: 1024,
      threads: 1,
    };
    const result = await runAttempts(
      counting,
      [{ role: "user", text: "Count with me." }],
      generationSettingsSchema.parse({ temperature: 0.8, maxTokens: 24, seed: 7 }),
      4,
      () => {},
      () => {},
      new AbortController().signal,
      { inStep },
    );
    return {
      decodes: seen.decodes,
      tokens: result.attempts.map((a) => a.metrics.reasoningTokens + a.metrics.answerTokens),
    };
  }

  it("4 attempts of 24 tokens take one decode per token for all four together, not a third more", async () => {
    const stepped = await decodes(true);
    const free = await decodes(false);
    // the same work on both sides
    expect(stepped.tokens).toEqual([24, 24, 24, 24]);
    expect(free.tokens).toEqual([24, 24, 24, 24]);
    // one batch for the prompts, then one per generated token (the last token needs no decode)
    expect(stepped.decodes).toBeLessThanOrEqual(24 + 1);
    expect(free.decodes).toBeGreaterThan(stepped.decodes);
  });
});
