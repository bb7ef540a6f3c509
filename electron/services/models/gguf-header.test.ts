import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ensureModel } from "../../../scripts/gguf/model-cache.js";
import { Prng } from "../../../scripts/gguf/prng.js";
import { GgufHeaderError, parseGgufHeader } from "./gguf-header.js";

const good = readFileSync(ensureModel({ kind: "scripted" }));

describe("GGUF header parser", () => {
  it("reads what the model says about itself", async () => {
    const header = await parseGgufHeader(good, good.length);
    expect(header).toMatchObject({
      version: 3,
      architecture: "qwen2",
      blockCount: 2,
      contextLength: 32768,
      fileType: "F32",
    });
    expect(header.tensorCount).toBeGreaterThan(20);
  });

  it("rejects specific damage with specific messages", async () => {
    const cases: [string, (b: Buffer) => Buffer, RegExp][] = [
      ["magic", (b) => Buffer.concat([Buffer.from("GGUX"), b.subarray(4)]), /wrong magic/],
      [
        "version",
        (b) => {
          b.writeUInt32LE(7, 4);
          return b;
        },
        /Unsupported GGUF version 7/,
      ],
      [
        "tensor count",
        (b) => {
          b.writeBigUInt64LE(10n ** 12n, 8);
          return b;
        },
        /claims 1000000000000 tensors/,
      ],
      ["truncated", (b) => b.subarray(0, 200), /truncated/],
      ["truncated data", (b) => b.subarray(0, b.length - 1000), /beyond the end of the file/],
    ];
    for (const [name, mutate, message] of cases) {
      const damaged = mutate(Buffer.from(good));
      await expect(parseGgufHeader(damaged, damaged.length), name).rejects.toThrow(message);
    }
  });

  it("rejects a corpus of 300 mutated headers without crashing", async () => {
    const prng = new Prng(99);
    const headerEnd = (await parseGgufHeader(good, good.length)).tensorDataOffset;
    let rejected = 0;
    let accepted = 0;
    for (let i = 0; i < 300; i++) {
      const mutated = Buffer.from(good.subarray(0, headerEnd + 4096));
      const flips = 1 + (prng.nextU32() % 8);
      for (let f = 0; f < flips; f++) {
        const at = 8 + (prng.nextU32() % (headerEnd - 8));
        const kind = prng.nextU32() % 3;
        if (kind === 0) mutated[at] = prng.nextU32() & 0xff;
        else if (kind === 1) mutated.writeUInt32LE(prng.nextU32(), Math.min(at, headerEnd - 4));
        else mutated.writeUInt32LE(0xffffffff, Math.min(at, headerEnd - 4));
      }
      try {
        await parseGgufHeader(mutated, good.length);
        accepted++; // a flip inside a token string, say, leaves a valid header
      } catch (error) {
        expect(error).toBeInstanceOf(GgufHeaderError);
        rejected++;
      }
    }
    expect(rejected + accepted).toBe(300);
    expect(rejected).toBeGreaterThanOrEqual(200);
  });
});
