import { readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { getLlama, type Llama, LlamaChatSession, type LlamaModel, readGgufFileInfo } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GgmlType } from "./ggml-types.js";
import { buildModel, ensureModel, writeModel } from "./model-cache.js";
import { SCRIPT_ANSWER, SCRIPT_REASONING } from "./scripted-answer.js";

const threads = Math.max(1, Math.min(4, os.availableParallelism()));
let llama: Llama;
let tmp: string;

beforeAll(async () => {
  llama = await getLlama({ gpu: false });
  tmp = await mkdtemp(path.join(os.tmpdir(), "inkstone-gguf-"));
});
afterAll(async () => {
  await llama.dispose();
  await rm(tmp, { recursive: true, force: true });
});

async function withModel<T>(file: string, run: (model: LlamaModel) => Promise<T>): Promise<T> {
  const model = await llama.loadModel({ modelPath: file });
  try {
    return await run(model);
  } finally {
    await model.dispose();
  }
}

async function prompt(
  model: LlamaModel,
  text: string,
  options: { maxTokens?: number; seed?: number; temperature?: number },
) {
  const context = await model.createContext({ contextSize: 1024, threads });
  try {
    const session = new LlamaChatSession({ contextSequence: context.getSequence() });
    const result = await session.promptWithMeta(text, {
      temperature: options.temperature ?? 0,
      maxTokens: options.maxTokens,
      seed: options.seed,
    });
    return { ...result, wrapper: session.chatWrapper.wrapperName };
  } finally {
    await context.dispose();
  }
}

describe("GGUF writer", () => {
  it("writes byte-identical files for the same arguments", () => {
    for (const kind of ["scripted", "random"] as const) {
      const a = path.join(tmp, `${kind}-a.gguf`);
      const b = path.join(tmp, `${kind}-b.gguf`);
      writeModel({ kind, seed: 7 }, a);
      writeModel({ kind, seed: 7 }, b);
      expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    }
    const c = path.join(tmp, "random-c.gguf");
    writeModel({ kind: "random", seed: 8 }, c);
    expect(readFileSync(c).equals(readFileSync(path.join(tmp, "random-a.gguf")))).toBe(false);
  });
});

describe("scripted model", () => {
  it("is tiny and replays its script: reasoning as a thought segment, then the answer", async () => {
    const file = ensureModel({ kind: "scripted" });
    expect(statSync(file).size).toBeLessThan(4 * 1024 * 1024);
    const result = await withModel(file, (model) => prompt(model, "一个矩形的长比宽多 5cm,周长为 50cm,求面积。", {}));
    expect(result.wrapper).toBe("DeepSeek");
    const thought = result.response.find(
      (item) => typeof item !== "string" && item.type === "segment" && item.segmentType === "thought",
    );
    expect(thought).toMatchObject({ type: "segment", segmentType: "thought", ended: true });
    expect((thought as { text: string }).text.trim()).toBe(SCRIPT_REASONING.trim());
    const answer = result.response.filter((item) => typeof item === "string").join("");
    expect(answer).toBe(SCRIPT_ANSWER);
    expect(result.stopReason).toBe("eogToken");
  });

  it("answers any prompt with the same script", async () => {
    const file = ensureModel({ kind: "scripted" });
    const result = await withModel(file, (model) => prompt(model, "Tell me about cats", {}));
    expect(result.response.filter((item) => typeof item === "string").join("")).toBe(SCRIPT_ANSWER);
  });
});

describe("endless model", () => {
  it("never ends on its own: generation runs to maxTokens", async () => {
    const file = ensureModel({ kind: "endless" });
    const result = await withModel(file, (model) => prompt(model, "Go on", { maxTokens: 300 }));
    expect(result.stopReason).toBe("maxTokens");
    const answer = result.response.filter((item) => typeof item === "string").join("");
    expect(answer.split("答案:面积是 150 平方厘米。").length).toBeGreaterThan(5);
  });
});

describe("random model", () => {
  it("produces readable ASCII, identical for the same seed", async () => {
    const file = ensureModel({ kind: "random" });
    const [a, b] = await withModel(file, async (model) => [
      await prompt(model, "Hello there", { maxTokens: 60, seed: 42, temperature: 0.8 }),
      await prompt(model, "Hello there", { maxTokens: 60, seed: 42, temperature: 0.8 }),
    ]);
    const text = (r: typeof a) =>
      r.response.map((item) => (typeof item === "string" ? item : "text" in item ? item.text : "")).join("");
    expect(text(a)).toBe(text(b));
    expect(text(a).length).toBeGreaterThan(20);
    expect(text(a)).toMatch(/^[\x20-\x7e\n]*$/);
  });
});

describe("full-shape twin", () => {
  it("matches the real model's header facts and loads and generates on CPU", async () => {
    const file = ensureModel({ kind: "full", quant: "q4_k_m" });
    const size = statSync(file).size;
    expect(Math.abs(size - 1_117_321_312) / 1_117_321_312).toBeLessThan(0.01);
    const info = await readGgufFileInfo(file);
    const metadata = info.metadata as unknown as {
      general: { architecture: string; file_type: number };
      qwen2: { block_count: number; context_length: number };
    };
    expect(metadata.general.architecture).toBe("qwen2");
    expect(metadata.qwen2.block_count).toBe(28);
    expect(metadata.qwen2.context_length).toBe(131072);
    expect(metadata.general.file_type).toBe(15); // MOSTLY_Q4_K_M
    expect(info.tensorInfo).toHaveLength(339);
    const q6 = info.tensorInfo!.filter((t) => t.ggmlType === GgmlType.Q6_K).map((t) => t.name);
    expect(q6).toContain("output.weight");
    expect(q6.filter((n) => n.endsWith("attn_v.weight"))).toHaveLength(14);
    expect(q6.filter((n) => n.endsWith("ffn_down.weight"))).toHaveLength(14);
    const result = await withModel(file, (model) => prompt(model, "What is 2+2?", { maxTokens: 4 }));
    expect(result.wrapper).toBe("DeepSeek");
    const text = result.response
      .map((item) => (typeof item === "string" ? item : "text" in item ? item.text : ""))
      .join("");
    expect(text.length).toBeGreaterThan(0); // llama.cpp produced tokens (NaN logits would abort sampling)
  });

  it("has Q8_0 and F16 variants with the real tensor list", () => {
    for (const [quant, type] of [
      ["q8_0", GgmlType.Q8_0],
      ["f16", GgmlType.F16],
    ] as const) {
      const model = buildModel({ kind: "full", quant });
      expect(model.tensors).toHaveLength(339);
      expect(model.tensors.filter((t) => t.dims.length === 2).every((t) => t.type === type)).toBe(true);
      expect(model.vocab.tokens).toHaveLength(151936);
    }
  });
});
