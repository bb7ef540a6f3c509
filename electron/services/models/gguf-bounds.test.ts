import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readGgufHeader } from "./gguf-header.js";
import { GgufHeaderCache } from "./gguf-header-cache.js";

/** A hand-made GGUF v3 header with no tensors: what a hostile file can say in its metadata. */
function header(entries: [string, Buffer][]): Buffer {
  const start = Buffer.alloc(24);
  start.write("GGUF", 0, "latin1");
  start.writeUInt32LE(3, 4);
  start.writeBigUInt64LE(0n, 8);
  start.writeBigUInt64LE(BigInt(entries.length), 16);
  const bytes = Buffer.concat([start, ...entries.flatMap(([key, value]) => [str(key), value])]);
  return Buffer.concat([bytes, Buffer.alloc(32 - (bytes.length % 32))]); // tensor data starts aligned
}
const u32 = (v: number) => Buffer.from(new Uint32Array([v]).buffer);
const u64 = (v: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(v));
  return b;
};
const str = (s: string) => Buffer.concat([u64(Buffer.byteLength(s)), Buffer.from(s)]);
const typed = (type: number, value: Buffer) => Buffer.concat([u32(type), value]);
const f32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeFloatLE(v);
  return typed(6, b);
};
const qwen2: [string, Buffer] = ["general.architecture", typed(8, str("qwen2"))];
const twoBlocks: [string, Buffer] = ["qwen2.block_count", typed(4, u32(2))];

const dir = mkdtempSync(path.join(os.tmpdir(), "inkstone-gguf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, bytes: Buffer) => {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
};

describe("GGUF header bounds", () => {
  it("skips large arrays under kept keys instead of building them", async () => {
    // 24 arrays of 200,000 empty strings (38 MB) under keys that match the kept pattern
    const items = Buffer.alloc(200_000 * 8);
    const arrays = Array.from({ length: 24 }, (_, i): [string, Buffer] => [
      `x${i}.block_count`,
      typed(9, Buffer.concat([u32(8), u64(200_000), items])),
    ]);
    const file = write("arrays.gguf", header([qwen2, twoBlocks, ...arrays]));
    const before = process.memoryUsage().heapUsed;
    const parsed = await readGgufHeader(file);
    const grown = process.memoryUsage().heapUsed - before;
    expect(parsed.blockCount).toBe(2);
    expect(parsed.metadata.has("x0.block_count")).toBe(false);
    // building the arrays would hold 4.8 million strings (well over 100 MB)
    expect(grown).toBeLessThan(32 * 1024 * 1024);
  });

  it("refuses NaN, infinities and floats in numeric fields", async () => {
    const cases: [[string, Buffer][], RegExp][] = [
      [[qwen2, ["qwen2.block_count", f32(Number.NaN)]], /qwen2\.block_count holds NaN/],
      [[qwen2, ["qwen2.block_count", f32(2)]], /qwen2\.block_count must be a whole number, not a float32/],
      [[qwen2, twoBlocks, ["qwen2.rope.freq_base", f32(Number.POSITIVE_INFINITY)]], /holds Infinity/],
      [[qwen2, twoBlocks, ["general.alignment", typed(12, Buffer.alloc(8, 0xff))]], /general\.alignment holds NaN/],
    ];
    for (const [entries, message] of cases) {
      await expect(readGgufHeader(write("bad.gguf", header(entries)))).rejects.toThrow(message);
    }
  });

  it("parses a file again only when its size or modification time changes", async () => {
    const file = write("cached.gguf", header([qwen2, twoBlocks]));
    const bad = write("cached-bad.gguf", header([qwen2]));
    const cache = new GgufHeaderCache();
    for (let i = 0; i < 3; i++) {
      expect((await cache.read(file)).blockCount).toBe(2);
      await expect(cache.read(bad)).rejects.toThrow(/block_count is missing/);
    }
    expect(cache.parses).toBe(2);
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await cache.read(file);
    writeFileSync(bad, header([qwen2, twoBlocks]));
    expect((await cache.read(bad)).blockCount).toBe(2);
    expect(cache.parses).toBe(4);
  });
});
