/**
 * Inkstone's own bounded GGUF header parser. It checks a file before llama.cpp ever opens it
 * (llama.cpp aborts the whole process on some malformed headers): magic and version, counts,
 * string and array lengths, tensor shapes, types, offsets and sizes inside the file (BigInt
 * arithmetic, so nothing overflows), alignment, block count, and the architecture. Every limit
 * is checked before memory is allocated; a bad header is a specific error, never a crash.
 */
import { open } from "node:fs/promises";

export const ALLOWED_ARCHITECTURES = ["qwen2", "qwen3", "llama", "mistral", "gemma2", "gemma3", "phi3"] as const;

const LIMITS = {
  headerBytes: 64 * 1024 * 1024,
  tensors: 65_536,
  keyValues: 65_536,
  keyBytes: 65_536,
  stringBytes: 16 * 1024 * 1024,
  arrayItems: 10_000_000,
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

export class GgufHeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GgufHeaderError";
  }
}

type Value = bigint | number | boolean | string | Value[];

export interface GgufHeader {
  version: number;
  tensorCount: number;
  metadata: Map<string, Value>;
  architecture: string;
  name: string | null;
  fileType: string | null;
  contextLength: number | null;
  blockCount: number;
  parameters: number;
  tensorDataOffset: number;
  fileSize: number;
}

class Cursor {
  offset = 0;
  constructor(
    private readonly buffer: Buffer,
    private readonly fileSize: number,
  ) {}
  private need(bytes: number, what: string): void {
    if (this.offset + bytes > this.buffer.length) {
      throw new GgufHeaderError(
        this.buffer.length >= this.fileSize
          ? `The file ends inside its header (reading ${what}): it is truncated.`
          : `The header is larger than ${LIMITS.headerBytes / 1024 / 1024} MiB (reading ${what}).`,
      );
    }
  }
  u8(what: string) {
    this.need(1, what);
    return this.buffer.readUInt8(this.offset++);
  }
  u32(what: string) {
    this.need(4, what);
    const v = this.buffer.readUInt32LE(this.offset);
    this.offset += 4;
    return v;
  }
  u64(what: string): bigint {
    this.need(8, what);
    const v = this.buffer.readBigUInt64LE(this.offset);
    this.offset += 8;
    return v;
  }
  skip(bytes: number, what: string) {
    this.need(bytes, what);
    this.offset += bytes;
  }
  string(limit: number, what: string): string {
    const length = this.u64(`${what} length`);
    if (length > BigInt(limit)) throw new GgufHeaderError(`${what} is ${length} bytes long (limit ${limit}).`);
    const n = Number(length);
    this.need(n, what);
    const s = this.buffer.toString("utf8", this.offset, this.offset + n);
    this.offset += n;
    return s;
  }
}

const SCALAR_BYTES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

function readValue(c: Cursor, type: number, key: string, depth: number, keep: boolean): Value {
  switch (type) {
    case 0:
      return c.u8(key);
    case 1:
      return (c.u8(key) << 24) >> 24;
    case 4:
      return c.u32(key);
    case 5:
      return c.u32(key) | 0;
    case 6: {
      const raw = c.u32(key);
      const b = Buffer.alloc(4);
      b.writeUInt32LE(raw);
      return b.readFloatLE(0);
    }
    case 7: {
      const v = c.u8(key);
      if (v > 1) throw new GgufHeaderError(`${key}: a boolean holds ${v}.`);
      return v === 1;
    }
    case 8:
      return c.string(LIMITS.stringBytes, `the value of ${key}`);
    case 10:
    case 11:
      return c.u64(key);
    case 2:
    case 3:
    case 12:
      c.skip(SCALAR_BYTES[type]!, key);
      return 0;
    case 9: {
      if (depth >= 2) throw new GgufHeaderError(`${key}: arrays nested too deep.`);
      const itemType = c.u32(`${key} item type`);
      const count = c.u64(`${key} item count`);
      if (count > BigInt(LIMITS.arrayItems))
        throw new GgufHeaderError(`${key}: an array of ${count} items (limit ${LIMITS.arrayItems}).`);
      if (itemType !== 8 && itemType !== 9 && SCALAR_BYTES[itemType] === undefined) {
        throw new GgufHeaderError(`${key}: unknown array item type ${itemType}.`);
      }
      const n = Number(count);
      if (!keep && SCALAR_BYTES[itemType] !== undefined) {
        c.skip(n * SCALAR_BYTES[itemType]!, key);
        return [];
      }
      const items: Value[] = [];
      for (let i = 0; i < n; i++) {
        const v = readValue(c, itemType, key, depth + 1, keep);
        if (keep) items.push(v);
      }
      return items;
    }
    default:
      throw new GgufHeaderError(`${key}: unknown value type ${type}.`);
  }
}

const toNumber = (v: Value | undefined): number | null =>
  typeof v === "number" ? v : typeof v === "bigint" && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : null;

/** Keys whose (possibly large) values are kept; the rest are checked and skipped. */
const KEEP =
  /^(general\.(architecture|name|file_type|alignment|size_label|basename)|[a-z0-9_]+\.(block_count|context_length|embedding_length))$/;

export function parseGgufHeader(buffer: Buffer, fileSize: number): GgufHeader {
  const c = new Cursor(buffer, fileSize);
  const magic = c.u32("the magic number");
  if (magic !== 0x46554747) throw new GgufHeaderError("Not a GGUF file (wrong magic number).");
  const version = c.u32("the version");
  if (version !== 2 && version !== 3)
    throw new GgufHeaderError(`Unsupported GGUF version ${version} (2 and 3 are read).`);
  const tensorCount = c.u64("the tensor count");
  const kvCount = c.u64("the key/value count");
  if (tensorCount > BigInt(LIMITS.tensors))
    throw new GgufHeaderError(`The header claims ${tensorCount} tensors (limit ${LIMITS.tensors}).`);
  if (kvCount > BigInt(LIMITS.keyValues))
    throw new GgufHeaderError(`The header claims ${kvCount} metadata entries (limit ${LIMITS.keyValues}).`);
  const metadata = new Map<string, Value>();
  for (let i = 0; i < Number(kvCount); i++) {
    const key = c.string(LIMITS.keyBytes, `metadata key ${i}`);
    if (metadata.has(key)) throw new GgufHeaderError(`Duplicate metadata key ${key}.`);
    const type = c.u32(`the type of ${key}`);
    metadata.set(key, readValue(c, type, key, 0, KEEP.test(key)));
  }
  const architecture = metadata.get("general.architecture");
  if (typeof architecture !== "string")
    throw new GgufHeaderError("The header names no architecture (general.architecture).");
  if (!(ALLOWED_ARCHITECTURES as readonly string[]).includes(architecture)) {
    throw new GgufHeaderError(
      `Unsupported model architecture "${architecture}" (Inkstone runs ${ALLOWED_ARCHITECTURES.join(", ")}).`,
    );
  }
  const blockCount = toNumber(metadata.get(`${architecture}.block_count`));
  if (blockCount === null || blockCount < 1 || blockCount > LIMITS.blocks) {
    throw new GgufHeaderError(
      `${architecture}.block_count is missing or out of range (${String(metadata.get(`${architecture}.block_count`))}).`,
    );
  }
  const alignmentValue = metadata.get("general.alignment");
  const alignment = alignmentValue === undefined ? 32 : toNumber(alignmentValue);
  if (alignment === null || alignment < 1 || alignment > LIMITS.maxAlignment || (alignment & (alignment - 1)) !== 0) {
    throw new GgufHeaderError(`general.alignment must be a power of two, not ${String(alignmentValue)}.`);
  }
  const tensors: { name: string; offset: bigint; size: bigint }[] = [];
  const names = new Set<string>();
  let parameters = 0n;
  for (let i = 0; i < Number(tensorCount); i++) {
    const name = c.string(256, `tensor ${i}'s name`);
    if (names.has(name)) throw new GgufHeaderError(`Duplicate tensor ${name}.`);
    names.add(name);
    const nDims = c.u32(`${name}'s dimension count`);
    if (nDims < 1 || nDims > LIMITS.dims)
      throw new GgufHeaderError(`${name} has ${nDims} dimensions (1 to ${LIMITS.dims}).`);
    let elements = 1n;
    const dims: bigint[] = [];
    for (let d = 0; d < nDims; d++) {
      const dim = c.u64(`${name}'s dimension ${d}`);
      if (dim === 0n) throw new GgufHeaderError(`${name} has a zero dimension.`);
      elements *= dim;
      dims.push(dim);
      if (elements > BigInt(fileSize) * 8n) throw new GgufHeaderError(`${name} is larger than the file.`);
    }
    const typeId = c.u32(`${name}'s type`);
    const type = GGML_TYPES[typeId];
    if (!type) throw new GgufHeaderError(`${name} has unknown tensor type ${typeId}.`);
    if (dims[0]! % BigInt(type.block) !== 0n)
      throw new GgufHeaderError(`${name}: rows of ${dims[0]} do not fill ${type.name} blocks.`);
    const offset = c.u64(`${name}'s offset`);
    if (offset % BigInt(alignment) !== 0n)
      throw new GgufHeaderError(`${name}'s data is not aligned to ${alignment} bytes.`);
    const size = (elements / BigInt(type.block)) * BigInt(type.bytes);
    tensors.push({ name, offset, size });
    parameters += elements;
  }
  const dataStart = BigInt(Math.ceil(c.offset / alignment) * alignment);
  const dataBytes = BigInt(fileSize) - dataStart;
  if (dataBytes < 0n) throw new GgufHeaderError("The file ends before its tensor data begins: it is truncated.");
  const sorted = [...tensors].sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
  let end = 0n;
  for (const t of sorted) {
    if (t.offset < end) throw new GgufHeaderError(`${t.name} overlaps the tensor before it.`);
    end = t.offset + t.size;
    if (end > dataBytes) {
      throw new GgufHeaderError(
        `${t.name} lies beyond the end of the file (the file is truncated or its header is damaged).`,
      );
    }
  }
  const fileTypeId = toNumber(metadata.get("general.file_type"));
  return {
    version,
    tensorCount: Number(tensorCount),
    metadata,
    architecture,
    name: typeof metadata.get("general.name") === "string" ? (metadata.get("general.name") as string) : null,
    fileType: fileTypeId === null ? null : (FILE_TYPE_NAMES[fileTypeId] ?? `type ${fileTypeId}`),
    contextLength: toNumber(metadata.get(`${architecture}.context_length`)),
    blockCount,
    parameters: Number(parameters),
    tensorDataOffset: Number(dataStart),
    fileSize,
  };
}

/** Reads at most the header limit from `file` and parses it. */
export async function readGgufHeader(file: string): Promise<GgufHeader> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, LIMITS.headerBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, 0);
    return parseGgufHeader(buffer, size);
  } finally {
    await handle.close();
  }
}
