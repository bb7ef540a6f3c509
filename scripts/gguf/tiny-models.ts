/**
 * The tiny test models. Scripted/endless: one-hot embeddings, attention and FFN outputs zeroed, and
 * an output matrix mapping each token of the script to the next, so greedy decoding replays the
 * script (see scripted-answer.ts). Random: pseudo-random weights with an output bias that keeps
 * generation to readable ASCII.
 */
import { byteOfByteToken, byteTokens, toByteLevel } from "./byte-level.js";
import { ASSISTANT, buildVocabulary, EOS, THINK_CLOSE, THINK_OPEN, type Vocabulary } from "./deepseek-tokenizer.js";
import { GgmlType, type GgmlTypeId } from "./ggml-types.js";
import type { TensorSpec } from "./gguf-writer.js";
import { Prng } from "./prng.js";
import type { Quant, Qwen2Shape } from "./qwen2-model.js";
import { isOneDimensional, qwen2Tensors } from "./qwen2-tensors.js";
import { ANSWER_UNITS, REASONING_UNITS } from "./scripted-answer.js";
import { constant, floatData } from "./tensor-data.js";

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** A small byte-level BPE vocabulary: the byte tokens, "Ġx" and two-letter pairs with their merges. */
function smallRegularTokens(extra: readonly string[]): { regular: string[]; merges: string[] } {
  const regular = [...byteTokens];
  const merges: string[] = [];
  for (const a of LETTERS) {
    regular.push(`Ġ${a}`);
    merges.push(`Ġ ${a}`);
  }
  for (const a of LETTERS)
    for (const b of LETTERS) {
      regular.push(a + b);
      merges.push(`${a} ${b}`);
    }
  regular.push(...extra);
  return { regular, merges };
}

const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

function tinyWeightType(quant: Quant): GgmlTypeId {
  if (quant === "f32") return GgmlType.F32;
  if (quant === "f16") return GgmlType.F16;
  if (quant === "q8_0") return GgmlType.Q8_0;
  throw new Error("The tiny models are written as f32, f16 or q8_0 (q4_k_m needs rows of 256: use --kind full).");
}

export interface BuiltModel {
  name: string;
  shape: Qwen2Shape;
  vocab: Vocabulary;
  tensors: TensorSpec[];
}

/**
 * `scripted` ends after the answer; `endless` loops the answer forever; `ruminating` loops the
 * reasoning forever, but answers the script (and ends) once something closes its thought.
 */
export function buildScriptedModel(kind: "scripted" | "endless" | "ruminating", quant: Quant): BuiltModel {
  const reasoning = REASONING_UNITS.map(toByteLevel);
  const answer = ANSWER_UNITS.map(toByteLevel);
  const { regular, merges } = smallRegularTokens([...reasoning, ...answer]);
  const vocab = buildVocabulary(regular, merges, roundUp(regular.length + 22, 64));
  const chain = [ASSISTANT, THINK_OPEN, toByteLevel("\n"), ...reasoning, THINK_CLOSE, ...answer].map(vocab.idOf);
  const firstAnswer = vocab.idOf(answer[0]!);
  const lastReasoning = 2 + reasoning.length;
  const nEmbd = Math.max(64, roundUp(chain.length, 32));
  const shape: Qwen2Shape = { nEmbd, nLayer: 2, nHead: 4, nHeadKv: 2, nFf: 64, contextLength: 32768 };
  const nVocab = vocab.tokens.length;
  const embd = new Float32Array(nVocab * nEmbd);
  const out = new Float32Array(nVocab * nEmbd);
  chain.forEach((token, position) => {
    embd[token * nEmbd + position] = 1;
    const next =
      kind === "ruminating" && position === lastReasoning
        ? chain[3]!
        : position + 1 < chain.length
          ? chain[position + 1]!
          : kind === "endless"
            ? firstAnswer
            : vocab.eosId;
    out[next * nEmbd + position] = 10;
  });
  const weightType = tinyWeightType(quant);
  const tensors = qwen2Tensors(shape, nVocab, ({ role, elements }) => {
    if (isOneDimensional(role)) {
      return {
        type: GgmlType.F32,
        data: () => floatData(constant(elements, role.endsWith("_norm") ? 1 : 0), GgmlType.F32),
      };
    }
    const values = role === "token_embd" ? embd : role === "output" ? out : new Float32Array(elements);
    return { type: weightType, data: () => floatData(values, weightType) };
  });
  return { name: `Inkstone test model (${kind})`, shape, vocab, tensors };
}

/** True when a byte-level token decodes to printable ASCII (or newline) only. */
function isReadableAscii(token: string): boolean {
  for (const ch of token) {
    const index = byteTokens.indexOf(ch);
    if (index < 0) return false;
    const byte = byteOfByteToken[index]!;
    if (!(byte === 0x0a || (byte >= 0x20 && byte < 0x7f))) return false;
  }
  return token.length > 0;
}

export function buildRandomModel(quant: Quant, seed: number): BuiltModel {
  const { regular, merges } = smallRegularTokens([]);
  const vocab = buildVocabulary(regular, merges, roundUp(regular.length + 22, 64));
  const shape: Qwen2Shape = { nEmbd: 128, nLayer: 2, nHead: 4, nHeadKv: 2, nFf: 256, contextLength: 32768 };
  const nVocab = vocab.tokens.length;
  const weightType = tinyWeightType(quant);
  const prng = new Prng(seed);
  const bias = new Float32Array(nVocab);
  vocab.tokens.forEach((token, id) => {
    bias[id] = id < regular.length && isReadableAscii(token) ? 0 : -30;
  });
  const scales: Partial<Record<string, number>> = { token_embd: 1, output: 0.5 };
  const tensors = qwen2Tensors(
    shape,
    nVocab,
    ({ role, elements }) => {
      if (role === "output_bias") return { type: GgmlType.F32, data: () => floatData(bias, GgmlType.F32) };
      if (role.endsWith("_norm"))
        return { type: GgmlType.F32, data: () => floatData(constant(elements, 1), GgmlType.F32) };
      const values = new Float32Array(elements);
      const scale = scales[role] ?? (role.endsWith("_bias") ? 0.02 : 0.15);
      for (let i = 0; i < elements; i++) values[i] = prng.nextSigned() * scale;
      const type = role.endsWith("_bias") ? GgmlType.F32 : weightType;
      return { type, data: () => floatData(values, type) };
    },
    { outputBias: true },
  );
  return { name: "Inkstone test model (random)", shape, vocab, tensors };
}

export { EOS };
