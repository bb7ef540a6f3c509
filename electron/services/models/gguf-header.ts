/**
 * Inkstone's own bounded GGUF header parser. It checks a file before llama.cpp ever opens it
 * (llama.cpp aborts the whole process on some malformed headers): magic and version, counts,
 * string and array lengths, tensor shapes, types, offsets and sizes inside the file (BigInt
 * arithmetic, so nothing overflows), alignment and block count. Every limit is checked before memory
 * is allocated; a bad header is a specific error, never a crash. Which architectures Inkstone runs is
 * policy, not format: model-policy.ts.
 *
 * Cost: time linear in the header's bytes (an array of scalars is skipped in one step, an array
 * of strings with one length read per item) and memory bounded by what is kept: one reader window,
 * the keys (for the duplicate check), the few values Inkstone uses, and the tensor table.
 */
import { open } from "node:fs/promises";
import {
  FILE_TYPE_NAMES,
  GGML_TYPES,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_VERSIONS,
  GgufValueType,
  INTEGER_TYPES,
  SCALAR_BYTES,
  VALUE_TYPE_NAMES,
} from "./gguf-format.js";
import { type ByteSource, bufferSource, fileSource, GgufHeaderError, GgufReader } from "./gguf-reader.js";

export { GgufHeaderError };

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
  if (type === GgufValueType.STRING) {
    const length = await r.stringLength(LIMITS.stringBytes, `the value of ${key}`);
    if (keep && length <= LIMITS.keptStringBytes) return r.text(length, `the value of ${key}`);
    r.skip(length, `the value of ${key}`);
    return undefined;
  }
  if (type !== GgufValueType.ARRAY) throw new GgufHeaderError(`${key}: unknown value type ${type}.`);
  if (depth >= 2) throw new GgufHeaderError(`${key}: arrays nested too deep.`);
  const itemType = await r.u32(`${key} item type`);
  const count = await r.u64(`${key} item count`);
  if (count > BigInt(LIMITS.arrayItems))
    throw new GgufHeaderError(`${key}: an array of ${count} items (limit ${LIMITS.arrayItems}).`);
  const itemSize = SCALAR_BYTES[itemType];
  if (itemType !== GgufValueType.STRING && itemType !== GgufValueType.ARRAY && itemSize === undefined) {
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
  else if (itemType === GgufValueType.STRING) await r.skipStrings(n, LIMITS.stringBytes, `the items of ${key}`);
  else for (let i = 0; i < n; i++) await readValue(r, GgufValueType.ARRAY, key, depth + 1, false);
  return undefined;
}

/** A kept numeric field as a whole number, or null when absent; a float or an out-of-range value is refused. */
function wholeNumber(metadata: Map<string, MetadataValue>, key: string): number | null {
  const entry = metadata.get(key);
  if (entry === undefined) return null;
  const { type, value } = entry;
  if (!INTEGER_TYPES.has(type)) {
    throw new GgufHeaderError(
      `${key} must be a whole number, not a ${VALUE_TYPE_NAMES[type] ?? `type ${type}`} value.`,
    );
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
export function parseGgufHeader(buffer: Buffer, fileSize: number, options: ParseOptions = {}): Promise<GgufHeader> {
  return parseFrom(bufferSource(buffer), fileSize, options);
}

export interface ParseOptions {
  /** Throws to refuse a file by its architecture, as soon as the header names it. */
  checkArchitecture?: (architecture: string) => void;
}

async function parseFrom(source: ByteSource, fileSize: number, options: ParseOptions): Promise<GgufHeader> {
  const r = new GgufReader(source, fileSize, LIMITS.headerBytes);
  const magic = await r.u32("the magic number");
  if (magic !== GGUF_MAGIC)
    throw new GgufHeaderError({
      en: "Not a GGUF file (wrong magic number).",
      zh: "这不是 GGUF 文件（文件标识不对）。",
    });
  const version = await r.u32("the version");
  if (!(GGUF_VERSIONS as readonly number[]).includes(version))
    throw new GgufHeaderError({
      en: `Unsupported GGUF version ${version} (2 and 3 are read).`,
      zh: `不支持的 GGUF 版本 ${version}（只能读取版本 2 和 3）。`,
    });
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
    throw new GgufHeaderError({
      en: "The header names no architecture (general.architecture).",
      zh: "文件头没有写明模型架构（general.architecture）。",
    });
  // policy (which architectures may run) is the caller's, asked before anything depends on the architecture
  options.checkArchitecture?.(architecture);
  const blockCount = wholeNumber(metadata, `${architecture}.block_count`);
  if (blockCount === null || blockCount < 1 || blockCount > LIMITS.blocks) {
    throw new GgufHeaderError(
      `${architecture}.block_count is missing or out of range (${String(metadata.get(`${architecture}.block_count`)?.value)}).`,
    );
  }
  const alignmentValue = wholeNumber(metadata, "general.alignment");
  const alignment = alignmentValue ?? GGUF_DEFAULT_ALIGNMENT;
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
  if (dataBytes < 0n)
    throw new GgufHeaderError({
      en: "The file ends before its tensor data begins: it is truncated.",
      zh: "文件在张量数据开始之前就结束了：它不完整。",
    });
  tensors.sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
  let end = 0n;
  for (const t of tensors) {
    if (t.offset < end) throw new GgufHeaderError(`${t.name} overlaps the tensor before it.`);
    end = t.offset + t.size;
    if (end > dataBytes) {
      throw new GgufHeaderError({
        en: `${t.name} lies beyond the end of the file (the file is truncated or its header is damaged).`,
        zh: `${t.name} 超出了文件末尾（文件不完整，或文件头已损坏）。`,
      });
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
export async function readGgufHeader(file: string, options: ParseOptions = {}): Promise<GgufHeader> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    return await parseFrom(fileSource(handle), size, options);
  } finally {
    await handle.close();
  }
}
