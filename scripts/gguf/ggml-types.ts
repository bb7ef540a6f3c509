/** ggml tensor types and GGUF value types used by the generated models, with their block layouts. */
export const GgmlType = { F32: 0, F16: 1, Q8_0: 8, Q4_K: 12, Q6_K: 14 } as const;
export type GgmlTypeId = (typeof GgmlType)[keyof typeof GgmlType];

/** Elements per block and bytes per block, as ggml defines them. */
export const blockLayout: Record<GgmlTypeId, { elements: number; bytes: number }> = {
  [GgmlType.F32]: { elements: 1, bytes: 4 },
  [GgmlType.F16]: { elements: 1, bytes: 2 },
  [GgmlType.Q8_0]: { elements: 32, bytes: 34 }, // f16 d, int8 qs[32]
  [GgmlType.Q4_K]: { elements: 256, bytes: 144 }, // f16 d, f16 dmin, u8 scales[12], u8 qs[128]
  [GgmlType.Q6_K]: { elements: 256, bytes: 210 }, // u8 ql[128], u8 qh[64], i8 scales[16], f16 d
};

export function tensorBytes(type: GgmlTypeId, elements: number): number {
  const { elements: per, bytes } = blockLayout[type];
  if (elements % per !== 0) throw new Error(`${elements} elements do not fill whole blocks of ${per}`);
  return (elements / per) * bytes;
}

export const GgufValueType = {
  UINT8: 0,
  INT8: 1,
  UINT16: 2,
  INT16: 3,
  UINT32: 4,
  INT32: 5,
  FLOAT32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  UINT64: 10,
  INT64: 11,
  FLOAT64: 12,
} as const;

/** llama.cpp's `llama_ftype` values written as `general.file_type`. */
export const FileType = { ALL_F32: 0, MOSTLY_F16: 1, MOSTLY_Q8_0: 7, MOSTLY_Q4_K_M: 15 } as const;

export const GGUF_MAGIC = 0x46554747; // "GGUF" little-endian
export const GGUF_VERSION = 3;
export const GGUF_ALIGNMENT = 32;

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
