import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GgufWriter } from "../../../scripts/gguf/gguf-writer.js";
import { readGgufHeader } from "./gguf-header.js";
import { readSupportedModelHeader } from "./model-policy.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "inkstone-policy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function model(architecture: string): string {
  const file = path.join(dir, `${architecture}.gguf`);
  new GgufWriter()
    .set("general.architecture", { type: "string", value: architecture })
    .set(`${architecture}.block_count`, { type: "u32", value: 2 })
    .write(file);
  return file;
}

describe("model policy, apart from the GGUF format", () => {
  it("lets the format parser read any architecture, and refuses the ones Inkstone does not run", async () => {
    const alien = model("mamba");
    expect((await readGgufHeader(alien)).architecture).toBe("mamba");
    await expect(readSupportedModelHeader(alien)).rejects.toThrow(
      /Unsupported model architecture "mamba" \(Inkstone runs qwen2, qwen3/,
    );
    expect((await readSupportedModelHeader(model("qwen2"))).blockCount).toBe(2);
  });
});
