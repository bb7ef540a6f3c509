/**
 * The ggml tensor types the generated models use, and the GGUF constants, taken from Inkstone's own format tables
 * (electron/services/models/gguf-format.ts): the writer and the parser share one definition.
 */
import {
  tensorBytes as formatTensorBytes,
  GGML_TYPES,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GgufValueType,
} from "../../electron/services/models/gguf-format.js";

export { GGUF_MAGIC, GgufValueType };
export const GGUF_VERSION = 3;
export const GGUF_ALIGNMENT = GGUF_DEFAULT_ALIGNMENT;

export const GgmlType = { F32: 0, F16: 1, Q8_0: 8, Q4_K: 12, Q6_K: 14 } as const;
export type GgmlTypeId = (typeof GgmlType)[keyof typeof GgmlType];

/** Elements per block and bytes per block, as ggml defines them (f16 d + int8 qs[32] for Q8_0, and so on). */
export const blockLayout = Object.fromEntries(
  Object.values(GgmlType).map((id) => [id, { elements: GGML_TYPES[id]!.block, bytes: GGML_TYPES[id]!.bytes }]),
) as Record<GgmlTypeId, { elements: number; bytes: number }>;

export function tensorBytes(type: GgmlTypeId, elements: number): number {
  return formatTensorBytes(type, elements);
}

/** llama.cpp's `llama_ftype` values written as `general.file_type`. */
export const FileType = { ALL_F32: 0, MOSTLY_F16: 1, MOSTLY_Q8_0: 7, MOSTLY_Q4_K_M: 15 } as const;

/** IEEE half from a JS number (round to nearest even), for block scales and F16 tensors. */
export function toHalf(value: number): number {
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  let exp = ((x >>> 23) & 0xff) - 127 + 15;
  let mant = x & 0x7fffff;
  if (exp >= 31) return sign | 0x7c00;
  if (exp <= 0) {
    if (exp < -10) return sign;
    mant = (mant | 0x800000) >> (1 - exp);
    if (mant & 0x1000) mant += 0x2000;
    return sign | (mant >> 13);
  }
  if (mant & 0x1000) {
    mant += 0x2000;
    if (mant & 0x800000) {
      mant = 0;
      exp += 1;
      if (exp >= 31) return sign | 0x7c00;
    }
  }
  return sign | (exp << 10) | (mant >> 13);
}
