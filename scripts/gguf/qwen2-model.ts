/** Writes a qwen2-architecture GGUF (hyperparameters, DeepSeek-R1 tokenizer, tensors) from a description. */

import { CHAT_TEMPLATE, type Vocabulary } from "./deepseek-tokenizer.js";
import { FileType, GgmlType, type GgmlTypeId } from "./ggml-types.js";
import { GgufWriter, type TensorSpec } from "./gguf-writer.js";

export interface Qwen2Shape {
  nEmbd: number;
  nLayer: number;
  nHead: number;
  nHeadKv: number;
  nFf: number;
  contextLength: number;
}

export type Quant = "f32" | "f16" | "q8_0" | "q4_k_m";

export const fileTypeOf: Record<Quant, number> = {
  f32: FileType.ALL_F32,
  f16: FileType.MOSTLY_F16,
  q8_0: FileType.MOSTLY_Q8_0,
  q4_k_m: FileType.MOSTLY_Q4_K_M,
};

/** The weight type llama.cpp's quantizer gives a 2-D tensor for each file type (Q4_K_M's mix included). */
export function weightTypeFor(quant: Quant, tensor: string, layer: number, nLayer: number): GgmlTypeId {
  if (quant === "f32") return GgmlType.F32;
  if (quant === "f16") return GgmlType.F16;
  if (quant === "q8_0") return GgmlType.Q8_0;
  // Q4_K_M: Q6_K for output, and for attn_v / ffn_down in the layers use_more_bits() picks.
  if (tensor === "output") return GgmlType.Q6_K;
  const eighth = Math.floor(nLayer / 8);
  const moreBits = layer < eighth || layer >= Math.floor((7 * nLayer) / 8) || (layer - eighth) % 3 === 2;
  if ((tensor === "attn_v" || tensor === "ffn_down") && moreBits) return GgmlType.Q6_K;
  return GgmlType.Q4_K;
}

export interface ModelDescription {
  name: string;
  shape: Qwen2Shape;
  vocab: Vocabulary;
  quant: Quant;
  tensors: TensorSpec[];
  extraMetadata?: (writer: GgufWriter) => void;
}

export function writeQwen2Model(description: ModelDescription, file: string): { bytes: number; tensors: number } {
  const { shape, vocab } = description;
  const w = new GgufWriter();
  w.set("general.architecture", { type: "string", value: "qwen2" });
  w.set("general.type", { type: "string", value: "model" });
  w.set("general.name", { type: "string", value: description.name });
  w.set("general.basename", { type: "string", value: "DeepSeek-R1-Distill-Qwen" });
  w.set("general.size_label", { type: "string", value: "1.5B" });
  w.set("qwen2.block_count", { type: "u32", value: shape.nLayer });
  w.set("qwen2.context_length", { type: "u32", value: shape.contextLength });
  w.set("qwen2.embedding_length", { type: "u32", value: shape.nEmbd });
  w.set("qwen2.feed_forward_length", { type: "u32", value: shape.nFf });
  w.set("qwen2.attention.head_count", { type: "u32", value: shape.nHead });
  w.set("qwen2.attention.head_count_kv", { type: "u32", value: shape.nHeadKv });
  w.set("qwen2.rope.freq_base", { type: "f32", value: 10000 });
  w.set("qwen2.attention.layer_norm_rms_epsilon", { type: "f32", value: 1e-6 });
  w.set("general.file_type", { type: "u32", value: fileTypeOf[description.quant] });
  w.set("tokenizer.ggml.model", { type: "string", value: "gpt2" });
  w.set("tokenizer.ggml.pre", { type: "string", value: "deepseek-r1-qwen" });
  w.set("tokenizer.ggml.tokens", { type: "string[]", value: vocab.tokens });
  w.set("tokenizer.ggml.token_type", { type: "i32[]", value: vocab.types });
  w.set("tokenizer.ggml.merges", { type: "string[]", value: vocab.merges });
  w.set("tokenizer.ggml.bos_token_id", { type: "u32", value: vocab.bosId });
  w.set("tokenizer.ggml.eos_token_id", { type: "u32", value: vocab.eosId });
  w.set("tokenizer.ggml.padding_token_id", { type: "u32", value: vocab.padId });
  w.set("tokenizer.ggml.add_bos_token", { type: "bool", value: true });
  w.set("tokenizer.ggml.add_eos_token", { type: "bool", value: false });
  w.set("tokenizer.chat_template", { type: "string", value: CHAT_TEMPLATE });
  w.set("general.quantization_version", { type: "u32", value: 2 });
  description.extraMetadata?.(w);
  for (const tensor of description.tensors) w.addTensor(tensor);
  const { bytes } = w.write(file);
  return { bytes, tensors: w.tensorCount };
}
