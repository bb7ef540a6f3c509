/** The tensor list of a qwen2 model (names and shapes as llama.cpp loads them), filled by a callback. */
import { GgmlType, type GgmlTypeId } from "./ggml-types.js";
import type { TensorSpec } from "./gguf-writer.js";
import type { Qwen2Shape } from "./qwen2-model.js";

export type TensorRole =
  | "token_embd"
  | "output_norm"
  | "output"
  | "output_bias"
  | "attn_norm"
  | "attn_q"
  | "attn_k"
  | "attn_v"
  | "attn_q_bias"
  | "attn_k_bias"
  | "attn_v_bias"
  | "attn_output"
  | "ffn_norm"
  | "ffn_gate"
  | "ffn_up"
  | "ffn_down";

export interface TensorRequest {
  role: TensorRole;
  layer: number;
  dims: readonly number[];
  elements: number;
}

export interface TensorFill {
  type: GgmlTypeId;
  data(): Iterable<Uint8Array>;
}

export function qwen2Tensors(
  shape: Qwen2Shape,
  nVocab: number,
  fill: (request: TensorRequest) => TensorFill,
  options: { outputBias?: boolean } = {},
): TensorSpec[] {
  const headDim = shape.nEmbd / shape.nHead;
  const kvDim = headDim * shape.nHeadKv;
  const make = (name: string, role: TensorRole, layer: number, dims: number[]): TensorSpec => {
    const elements = dims.reduce((a, b) => a * b, 1);
    const { type, data } = fill({ role, layer, dims, elements });
    return { name, dims, type, data };
  };
  const tensors: TensorSpec[] = [make("token_embd.weight", "token_embd", -1, [shape.nEmbd, nVocab])];
  for (let i = 0; i < shape.nLayer; i++) {
    const b = `blk.${i}`;
    tensors.push(
      make(`${b}.attn_norm.weight`, "attn_norm", i, [shape.nEmbd]),
      make(`${b}.attn_q.weight`, "attn_q", i, [shape.nEmbd, shape.nEmbd]),
      make(`${b}.attn_q.bias`, "attn_q_bias", i, [shape.nEmbd]),
      make(`${b}.attn_k.weight`, "attn_k", i, [shape.nEmbd, kvDim]),
      make(`${b}.attn_k.bias`, "attn_k_bias", i, [kvDim]),
      make(`${b}.attn_v.weight`, "attn_v", i, [shape.nEmbd, kvDim]),
      make(`${b}.attn_v.bias`, "attn_v_bias", i, [kvDim]),
      make(`${b}.attn_output.weight`, "attn_output", i, [shape.nEmbd, shape.nEmbd]),
      make(`${b}.ffn_norm.weight`, "ffn_norm", i, [shape.nEmbd]),
      make(`${b}.ffn_gate.weight`, "ffn_gate", i, [shape.nEmbd, shape.nFf]),
      make(`${b}.ffn_up.weight`, "ffn_up", i, [shape.nEmbd, shape.nFf]),
      make(`${b}.ffn_down.weight`, "ffn_down", i, [shape.nFf, shape.nEmbd]),
    );
  }
  tensors.push(make("output_norm.weight", "output_norm", -1, [shape.nEmbd]));
  tensors.push(make("output.weight", "output", -1, [shape.nEmbd, nVocab]));
  if (options.outputBias) tensors.push(make("output.bias", "output_bias", -1, [nVocab]));
  return tensors;
}

/** Norms and biases stay F32 in every file type, as llama.cpp's quantizer leaves 1-D tensors. */
export function isOneDimensional(role: TensorRole): boolean {
  return role.endsWith("_norm") || role.endsWith("_bias");
}

export const F32 = GgmlType.F32;
