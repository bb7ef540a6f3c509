/**
 * Inkstone's own bounded GGUF header parser. It checks a file before llama.cpp ever opens it
 * (llama.cpp aborts the whole process on some malformed headers): magic and version, counts,
 * string and array lengths, tensor shapes, types, offsets and sizes inside the file (BigInt
 * arithmetic, so nothing overflows), alignment, block count, and the architecture. Every limit
 * is checked before memory is allocated; a bad header is a specific error, never a crash.
 *
 * Cost: time linear in the header's bytes (an array of scalars is skipped in one step, an array
 * of strings with one length read per item) and memory bounded by what is kept: one reader window,
 * the keys (for the duplicate check), the few values Inkstone uses, and the tensor table.
 */
import { open } from "node:fs/promises";
import { type ByteSource, bufferSource, fileSource, GgufHeaderError, GgufReader } from "./gguf-reader.js";

export { GgufHeaderError };

export const ALLOWED_ARCHITECTURES = ["qwen2", "qwen3", "llama", "mistral", "gemma2", "gemma3", "phi3"] as const;

const LIMITS = {
  headerBytes: 64 * 1024 * 1024,
  tensors: 65_536,
  keyValues: 65_536,
  /** Real keys are a few dozen bytes; the cap bounds what the duplicate check keeps. */
  keyBytes: 1024,
  stringBytes: 16 * 1024 * 1024,
  arrayItems: 10_000_000,
  /** A kept key's string longer than this is checked and skipped, not kept. */
  keptStringBytes: 4096,
  /** A kept key's array is built only up to this many items; a longer one is checked and skipped. */
  keptArrayItems: 64,
  dims: 4,
  blocks: 1024,
  maxAlignment: 1 << 16,
};

/** Elements per block and bytes per block of the ggml types a GGUF may hold. */
const GGML_TYPES: Record<number, { name: string; block: number; bytes: number }> = {
  0: { name: "F32", block: 1, bytes: 4 },
  1: { name: "F16", block: 1, bytes: 2 },
  2: { name: "Q4_0", block: 32, bytes: 18 },
  3: { name: "Q4_1", block: 32, bytes: 20 },
  6: { name: "Q5_0", block: 32, bytes: 22 },
  7: { name: "Q5_1", block: 32, bytes: 24 },
  8: { name: "Q8_0", block: 32, bytes: 34 },
  9: { name: "Q8_1", block: 32, bytes: 36 },
  10: { name: "Q2_K", block: 256, bytes: 84 },
  11: { name: "Q3_K", block: 256, bytes: 110 },
  12: { name: "Q4_K", block: 256, bytes: 144 },
  13: { name: "Q5_K", block: 256, bytes: 176 },
  14: { name: "Q6_K", block: 256, bytes: 210 },
  15: { name: "Q8_K", block: 256, bytes: 292 },
  16: { name: "IQ2_XXS", block: 256, bytes: 66 },
  17: { name: "IQ2_XS", block: 256, bytes: 74 },
  18: { name: "IQ3_XXS", block: 256, bytes: 98 },
  19: { name: "IQ1_S", block: 256, bytes: 50 },
  20: { name: "IQ4_NL", block: 32, bytes: 18 },
  21: { name: "IQ3_S", block: 256, bytes: 110 },
  22: { name: "IQ2_S", block: 256, bytes: 82 },
  23: { name: "IQ4_XS", block: 256, bytes: 136 },
  24: { name: "I8", block: 1, bytes: 1 },
  25: { name: "I16", block: 1, bytes: 2 },
  26: { name: "I32", block: 1, bytes: 4 },
  27: { name: "I64", block: 1, bytes: 8 },
  28: { name: "F64", block: 1, bytes: 8 },
  29: { name: "IQ1_M", block: 256, bytes: 56 },
  30: { name: "BF16", block: 1, bytes: 2 },
};

export const FILE_TYPE_NAMES: Record<number, string> = {
  0: "F32",
  1: "F16",
  2: "Q4_0",
  3: "Q4_1",
  7: "Q8_0",
  8: "Q5_0",
  9: "Q5_1",
  10: "Q2_K",
  11: "Q3_K_S",
  12: "Q3_K_M",
  13: "Q3_K_L",
  14: "Q4_K_S",
  15: "Q4_K_M",
  16: "Q5_K_S",
  17: "Q5_K_M",
  18: "Q6_K",
  32: "BF16",
};

type Value = bigint | number | boolean | string | Value[];

/** A kept metadata value with its GGUF type, so a float is never taken for a whole number. */
export interface MetadataValue {
  type: number;
  value: Value;
}

export interface GgufHeader {
  version: number;
  tensorCount: number;
  /** Only the keys Inkstone uses (see KEEP), each with its type. */
  metadata: Map<string, MetadataValue>;
  architecture: string;
  name: string | null;
  fileType: string | null;
  contextLength: number | null;
  blockCount: number;
  parameters: number;
  tensorDataOffset: number;
  fileSize: number;
}

/** Bytes of each fixed-size GGUF value type. */
const SCALAR_BYTES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const INTEGER_TYPES = new Set([0, 1, 2, 3, 4, 5, 10, 11]);
const TYPE_NAMES: Record<number, string> = { 6: "float32", 7: "bool", 8: "string", 9: "array", 12: "float64" };
const STRING = 8;
const ARRAY = 9;

/** One fixed-size value, decoded; a float that is NaN or infinite is refused, whatever its key. */
function decodeScalar(buffer: Buffer, at: number, type: number, key: string): Value {
  switch (type) {
    case 0:
      return buffer.readUInt8(at);
    case 1:
      return buffer.readInt8(at);
    case 2:
      return buffer.readUInt16LE(at);
    case 3:
      return buffer.readInt16LE(at);
    case 4:
      return buffer.readUInt32LE(at);
    case 5:
      return buffer.readInt32LE(at);
    case 7: {
      const v = buffer.readUInt8(at);
      if (v > 1) throw new GgufHeaderError(`${key}: a boolean holds ${v}.`);
      return v === 1;
    }
    case 10:
      return buffer.readBigUInt64LE(at);
    case 11:
      return buffer.readBigInt64LE(at);
    default: {
      const v = type === 6 ? buffer.readFloatLE(at) : buffer.readDoubleLE(at);
      if (!Number.isFinite(v)) throw new GgufHeaderError(`${key} holds ${v}, not a finite number.`);
      return v;
    }
  }
}

/**
 * Reads (keep) or checks and skips (not keep) one value. Arrays are built only for a kept key and
 * up to LIMITS.keptArrayItems items; anything else is skipped without allocating per item.
 */
async function readValue(
  r: GgufReader,
  type: number,
  key: string,
  depth: number,
  keep: boolean,
): Promise<Value | undefined> {
  const size = SCALAR_BYTES[type];
  if (size !== undefined) {
    const { buffer, at } = await r.scalar(size, key);
    return decodeScalar(buffer, at, type, key);
  }
  if (type === STRING) {
    const length = await r.stringLength(LIMITS.stringBytes, `the value of ${key}`);
    if (keep && length <= LIMITS.keptStringBytes) return r.text(length, `the value of ${key}`);
    r.skip(length, `the value of ${key}`);
    return undefined;
  }
  if (type !== ARRAY) throw new GgufHeaderError(`${key}: unknown value type ${type}.`);
  if (depth >= 2) throw new GgufHeaderError(`${key}: arrays nested too deep.`);
  const itemType = await r.u32(`${key} item type`);
  const count = await r.u64(`${key} item count`);
  if (count > BigInt(LIMITS.arrayItems))
    throw new GgufHeaderError(`${key}: an array of ${count} items (limit ${LIMITS.arrayItems}).`);
  const itemSize = SCALAR_BYTES[itemType];
  if (itemType !== STRING && itemType !== ARRAY && itemSize === undefined) {
    throw new GgufHeaderError(`${key}: unknown array item type ${itemType}.`);
  }
  const n = Number(count);
  if (keep && n <= LIMITS.keptArrayItems) {
    const items: Value[] = [];
    let whole = true;
    for (let i = 0; i < n; i++) {
      const item = await readValue(r, itemType, key, depth + 1, whole);
      if (item === undefined)
        whole = false; // an item too large to keep: the array is read through, not kept
      else if (whole) items.push(item);
    }
    return whole ? items : undefined;
  }
  if (itemSize !== undefined) r.skip(n * itemSize, key);
  else if (itemType === STRING) await r.skipStrings(n, LIMITS.stringBytes, `the items of ${key}`);
  else for (let i = 0; i < n; i++) await readValue(r, ARRAY, key, depth + 1, false);
  return undefined;
}

/** A kept numeric field as a whole number, or null when absent; a float or an out-of-range value is refused. */
function wholeNumber(metadata: Map<string, MetadataValue>, key: string): number | null {
  const entry = metadata.get(key);
  if (entry === undefined) return null;
  const { type, value } = entry;
  if (!INTEGER_TYPES.has(type)) {
    throw new GgufHeaderError(`${key} must be a whole number, not a ${TYPE_NAMES[type] ?? `type ${type}`} value.`);
  }
  if (typeof value === "bigint") {
    if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER))
      throw new GgufHeaderError(`${key} is out of range (${value}).`);
    return Number(value);
  }
  return value as number;
}

/** Keys whose values are kept; the rest are checked and skipped. */
const KEEP =
  /^(general\.(architecture|name|file_type|alignment|size_label|basename)|[a-z0-9_]+\.(block_count|context_length|embedding_length))$/;

/** Parses a header already in memory (tests; `fileSize` may exceed the buffer when only the start was read). */
export function parseGgufHeader(buffer: Buffer, fileSize: number): Promise<GgufHeader> {
  return parseFrom(bufferSource(buffer), fileSize);
}

async function parseFrom(source: ByteSource, fileSize: number): Promise<GgufHeader> {
  const r = new GgufReader(source, fileSize, LIMITS.headerBytes);
  const magic = await r.u32("the magic number");
  if (magic !== 0x46554747) throw new GgufHeaderError("Not a GGUF file (wrong magic number).");
  const version = await r.u32("the version");
  if (version !== 2 && version !== 3)
    throw new GgufHeaderError(`Unsupported GGUF version ${version} (2 and 3 are read).`);
  const tensorCount = await r.u64("the tensor count");
  const kvCount = await r.u64("the key/value count");
  if (tensorCount > BigInt(LIMITS.tensors))
    throw new GgufHeaderError(`The header claims ${tensorCount} tensors (limit ${LIMITS.tensors}).`);
  if (kvCount > BigInt(LIMITS.keyValues))
    throw new GgufHeaderError(`The header claims ${kvCount} metadata entries (limit ${LIMITS.keyValues}).`);
  const keys = new Set<string>();
  const metadata = new Map<string, MetadataValue>();
  for (let i = 0; i < Number(kvCount); i++) {
    const key = await r.string(LIMITS.keyBytes, `metadata key ${i}`);
    if (keys.has(key)) throw new GgufHeaderError(`Duplicate metadata key ${key}.`);
    keys.add(key);
    const type = await r.u32(`the type of ${key}`);
    const keep = KEEP.test(key);
    const value = await readValue(r, type, key, 0, keep);
    if (keep && value !== undefined) metadata.set(key, { type, value });
  }
  const architecture = metadata.get("general.architecture")?.value;
  if (typeof architecture !== "string")
    throw new GgufHeaderError("The header names no architecture (general.architecture).");
  if (!(ALLOWED_ARCHITECTURES as readonly string[]).includes(architecture)) {
    throw new GgufHeaderError(
      `Unsupported model architecture "${architecture}" (Inkstone runs ${ALLOWED_ARCHITECTURES.join(", ")}).`,
    );
  }
  const blockCount = wholeNumber(metadata, `${architecture}.block_count`);
  if (blockCount === null || blockCount < 1 || blockCount > LIMITS.blocks) {
    throw new GgufHeaderError(
      `${architecture}.block_count is missing or out of range (${String(metadata.get(`${architecture}.block_count`)?.value)}).`,
    );
  }
  const alignmentValue = wholeNumber(metadata, "general.alignment");
  const alignment = alignmentValue ?? 32;
  if (alignment < 1 || alignment > LIMITS.maxAlignment || (alignment & (alignment - 1)) !== 0) {
    throw new GgufHeaderError(`general.alignment must be a power of two, not ${String(alignmentValue)}.`);
  }
  const contextLength = wholeNumber(metadata, `${architecture}.context_length`);
  const fileTypeId = wholeNumber(metadata, "general.file_type");
  const tensors: { name: string; offset: bigint; size: bigint }[] = [];
  const names = new Set<string>();
  let parameters = 0n;
  for (let i = 0; i < Number(tensorCount); i++) {
    const name = await r.string(256, `tensor ${i}'s name`);
    if (names.has(name)) throw new GgufHeaderError(`Duplicate tensor ${name}.`);
    names.add(name);
    const nDims = await r.u32(`${name}'s dimension count`);
    if (nDims < 1 || nDims > LIMITS.dims)
      throw new GgufHeaderError(`${name} has ${nDims} dimensions (1 to ${LIMITS.dims}).`);
    let elements = 1n;
    const dims: bigint[] = [];
    for (let d = 0; d < nDims; d++) {
      const dim = await r.u64(`${name}'s dimension ${d}`);
      if (dim === 0n) throw new GgufHeaderError(`${name} has a zero dimension.`);
      elements *= dim;
      dims.push(dim);
      if (elements > BigInt(fileSize) * 8n) throw new GgufHeaderError(`${name} is larger than the file.`);
    }
    const typeId = await r.u32(`${name}'s type`);
    const type = GGML_TYPES[typeId];
    if (!type) throw new GgufHeaderError(`${name} has unknown tensor type ${typeId}.`);
    if (dims[0]! % BigInt(type.block) !== 0n)
      throw new GgufHeaderError(`${name}: rows of ${dims[0]} do not fill ${type.name} blocks.`);
    const offset = await r.u64(`${name}'s offset`);
    if (offset % BigInt(alignment) !== 0n)
      throw new GgufHeaderError(`${name}'s data is not aligned to ${alignment} bytes.`);
    const size = (elements / BigInt(type.block)) * BigInt(type.bytes);
    tensors.push({ name, offset, size });
    parameters += elements;
  }
  const dataStart = BigInt(Math.ceil(r.offset / alignment) * alignment);
  const dataBytes = BigInt(fileSize) - dataStart;
  if (dataBytes < 0n) throw new GgufHeaderError("The file ends before its tensor data begins: it is truncated.");
  tensors.sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
  let end = 0n;
  for (const t of tensors) {
    if (t.offset < end) throw new GgufHeaderError(`${t.name} overlaps the tensor before it.`);
    end = t.offset + t.size;
    if (end > dataBytes) {
      throw new GgufHeaderError(
        `${t.name} lies beyond the end of the file (the file is truncated or its header is damaged).`,
      );
    }
  }
  const name = metadata.get("general.name")?.value;
  return {
    version,
    tensorCount: Number(tensorCount),
    metadata,
    architecture,
    name: typeof name === "string" ? name : null,
    fileType: fileTypeId === null ? null : (FILE_TYPE_NAMES[fileTypeId] ?? `type ${fileTypeId}`),
    contextLength,
    blockCount,
    parameters: Number(parameters),
    tensorDataOffset: Number(dataStart),
    fileSize,
  };
}

/** Parses `file`'s header, reading it window by window (never more than the header limit). */
export async function readGgufHeader(file: string): Promise<GgufHeader> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    return await parseFrom(fileSource(handle), size);
  } finally {
    await handle.close();
  }
}
