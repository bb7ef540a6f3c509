/**
 * Parsed GGUF headers, remembered by (path, size, modification time): listing the models again
 * costs one stat per file, and a file is parsed again only when it changed. A header that failed
 * its check is remembered too (an unchanged bad file fails the same way); a read error is not.
 */
import { stat } from "node:fs/promises";
import { type GgufHeader, GgufHeaderError } from "./gguf-header.js";
import { readSupportedModelHeader } from "./model-policy.js";

interface Entry {
  size: bigint;
  mtimeNs: bigint;
  result: Promise<GgufHeader>;
}

export class GgufHeaderCache {
  private readonly entries = new Map<string, Entry>();
  /** Headers actually parsed (not served from the cache): what a test can count. */
  parses = 0;

  constructor(
    private readonly maxEntries = 256,
    private readonly parse: (file: string) => Promise<GgufHeader> = readSupportedModelHeader,
  ) {}

  async read(file: string): Promise<GgufHeader> {
    const info = await stat(file, { bigint: true });
    const cached = this.entries.get(file);
    if (cached && cached.size === info.size && cached.mtimeNs === info.mtimeNs) return cached.result;
    this.parses++;
    const result = this.parse(file);
    const entry: Entry = { size: info.size, mtimeNs: info.mtimeNs, result };
    this.entries.delete(file);
    this.entries.set(file, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    result.catch((error: unknown) => {
      // only a header's own fault is stable; an I/O error may pass, so the next list tries again
      if (!(error instanceof GgufHeaderError) && this.entries.get(file) === entry) this.entries.delete(file);
    });
    return result;
  }
}
