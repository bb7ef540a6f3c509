/** Tensor contents for the generated models: exact float tensors and pseudo-random quantized blocks. */
import { blockLayout, GgmlType, type GgmlTypeId, toHalf } from "./ggml-types.js";
import type { Prng } from "./prng.js";

const CHUNK_BLOCKS = 16384;

/** Exact values as F32 or F16 (used for the tiny models and for norms and biases). */
export function* floatData(values: Float32Array, type: GgmlTypeId): Iterable<Uint8Array> {
  if (type === GgmlType.F32) {
    yield new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  } else if (type === GgmlType.F16) {
    const out = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = toHalf(values[i]!);
    yield new Uint8Array(out.buffer);
  } else if (type === GgmlType.Q8_0) {
    const blocks = values.length / 32;
    const out = new Uint8Array(blocks * 34);
    const view = new DataView(out.buffer);
    for (let b = 0; b < blocks; b++) {
      let max = 0;
      for (let i = 0; i < 32; i++) max = Math.max(max, Math.abs(values[b * 32 + i]!));
      const d = max / 127;
      view.setUint16(b * 34, toHalf(d), true);
      for (let i = 0; i < 32; i++) view.setInt8(b * 34 + 2 + i, d === 0 ? 0 : Math.round(values[b * 32 + i]! / d));
    }
    yield out;
  } else {
    throw new Error(`floatData: type ${type} is only generated randomly`);
  }
}

/**
 * Pseudo-random blocks with valid fp16 scales: `scale` sets the typical weight magnitude, so that
 * activations stay finite through all layers.
 */
export function* randomData(type: GgmlTypeId, elements: number, prng: Prng, scale: number): Iterable<Uint8Array> {
  const { elements: per, bytes } = blockLayout[type];
  if (type === GgmlType.F32 || type === GgmlType.F16) {
    const chunk = 1 << 20;
    for (let start = 0; start < elements; start += chunk) {
      const n = Math.min(chunk, elements - start);
      const values = new Float32Array(n);
      for (let i = 0; i < n; i++) values[i] = prng.nextSigned() * scale;
      yield* floatData(values, type);
    }
    return;
  }
  const totalBlocks = elements / per;
  // Scales by type: Q8_0 d*127, Q4_K d*63*15, Q6_K d*127*32 reach about `scale` at most.
  const dHalf =
    type === GgmlType.Q8_0
      ? toHalf(scale / 127)
      : type === GgmlType.Q4_K
        ? toHalf(scale / (63 * 15))
        : toHalf(scale / (127 * 32));
  const dminHalf = toHalf(scale / (63 * 15 * 2));
  for (let first = 0; first < totalBlocks; first += CHUNK_BLOCKS) {
    const count = Math.min(CHUNK_BLOCKS, totalBlocks - first);
    const out = new Uint8Array(count * bytes);
    prng.fill(out);
    const view = new DataView(out.buffer);
    for (let b = 0; b < count; b++) {
      const base = b * bytes;
      if (type === GgmlType.Q8_0) view.setUint16(base, dHalf, true);
      else if (type === GgmlType.Q4_K) {
        view.setUint16(base, dHalf, true);
        view.setUint16(base + 2, dminHalf, true);
      } else view.setUint16(base + 208, dHalf, true);
    }
    yield out;
  }
}

export const constant = (length: number, value: number) => new Float32Array(length).fill(value);
