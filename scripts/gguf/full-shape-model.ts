/**
 * A full-shape twin of DeepSeek-R1-Distill-Qwen-1.5B: the real hyperparameters, tensor names, shapes
 * and quantization mix, with a synthetic vocabulary of the real size and pseudo-random weights, for
 * speed work. Its output is gibberish by design; its cost per token is the real model's.
 */
import { byteTokens } from "./byte-level.js";
import { buildVocabulary } from "./deepseek-tokenizer.js";
import { GgmlType } from "./ggml-types.js";
import { Prng } from "./prng.js";
import { type Quant, type Qwen2Shape, weightTypeFor } from "./qwen2-model.js";
import { isOneDimensional, qwen2Tensors } from "./qwen2-tensors.js";
import { constant, floatData, randomData } from "./tensor-data.js";
import type { BuiltModel } from "./tiny-models.js";

export const REAL_SHAPE: Qwen2Shape = {
  nEmbd: 1536,
  nLayer: 28,
  nHead: 12,
  nHeadKv: 2,
  nFf: 8960,
  contextLength: 131072,
};
export const REAL_VOCAB_SIZE = 151936;
export const REAL_REGULAR_TOKENS = 151643;

const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** 151,643 unique byte-level tokens, each (beyond the 256 bytes) made by exactly one merge of two earlier tokens. */
export function syntheticRegularTokens(count: number): { regular: string[]; merges: string[] } {
  const regular = [...byteTokens];
  const merges: string[] = [];
  const add = (left: string, right: string) => {
    if (regular.length >= count) return false;
    regular.push(left + right);
    merges.push(`${left} ${right}`);
    return true;
  };
  for (const a of ALPHABET) for (const b of ALPHABET) add(a, b);
  for (const a of ALPHABET) add("Ġ", a);
  for (const a of ALPHABET) for (const b of ALPHABET) add(`Ġ${a}`, b);
  outer: for (const a of ALPHABET)
    for (const b of ALPHABET)
      for (const c of ALPHABET) {
        if (!add(a + b, c)) break outer;
        if (!add(`Ġ${a}${b}`, c)) break outer;
      }
  if (regular.length < count) throw new Error("synthetic vocabulary too small");
  return { regular, merges };
}

export function buildFullShapeModel(quant: Quant, seed: number): BuiltModel {
  const { regular, merges } = syntheticRegularTokens(REAL_REGULAR_TOKENS);
  const vocab = buildVocabulary(regular, merges, REAL_VOCAB_SIZE);
  const shape = REAL_SHAPE;
  let index = 0;
  const tensors = qwen2Tensors(shape, REAL_VOCAB_SIZE, ({ role, layer, elements }) => {
    const tensorSeed = (seed * 1_000_003 + index++ * 7919) >>> 0;
    if (isOneDimensional(role)) {
      if (role.endsWith("_norm"))
        return { type: GgmlType.F32, data: () => floatData(constant(elements, 1), GgmlType.F32) };
      return { type: GgmlType.F32, data: () => randomData(GgmlType.F32, elements, new Prng(tensorSeed), 0.02) };
    }
    const type = weightTypeFor(quant, role, layer, shape.nLayer);
    const scale = role === "token_embd" ? 1 : 0.05;
    return { type, data: () => randomData(type, elements, new Prng(tensorSeed), scale) };
  });
  return { name: "DeepSeek R1 Distill Qwen 1.5B (Inkstone full-shape twin)", shape, vocab, tensors };
}
