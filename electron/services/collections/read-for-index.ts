/**
 * One file of a collection, read for its index by the shared worker pool: what the writer is to
 * store (its pages and passages, or why it could not be read). A file of a kind Inkstone does not
 * read is failed here, without a worker.
 */
import path from "node:path";
import type { IndexedFile } from "./collection-index.js";
import type { IndexPool } from "./index-pool.js";
import type { IndexWrite } from "./index-writes.js";
import { INDEXED_EXTENSIONS } from "./source-files.js";

export interface ReadForIndexOptions {
  /** The OCR languages, being prepared; null: no OCR. Awaited only for a file a worker reads. */
  langDir: Promise<string | null>;
  signal: AbortSignal;
  /** Where the reading time went, added to (bench:collections prints it). */
  timing: { readMs: number; extractMs: number; passagesMs: number };
  onProgress: (stage: string, done: number, total: number) => void;
}

/** The file's write, or null when the run was cancelled or the pool closed before it was read. */
export async function readForIndex(
  pool: Pick<IndexPool, "run">,
  file: Pick<IndexedFile, "id" | "name" | "path">,
  options: ReadForIndexOptions,
): Promise<IndexWrite | null> {
  if (!INDEXED_EXTENSIONS.test(file.name)) {
    const message = `Inkstone cannot read ${file.name}: a collection indexes PDF, Word (.docx), .txt / .md files and PNG / JPG photos.`;
    return { type: "failed", fileId: file.id, reason: "unsupported", message };
  }
  const outcome = await pool.run(
    { path: file.path, name: path.basename(file.name), langDir: await options.langDir },
    { signal: options.signal, onProgress: options.onProgress },
  );
  if (!outcome) return null;
  if (outcome.type === "failed")
    return { type: "failed", fileId: file.id, reason: outcome.reason, message: outcome.message };
  for (const key of ["readMs", "extractMs", "passagesMs"] as const) options.timing[key] += outcome.timing[key];
  return {
    type: "indexed",
    fileId: file.id,
    pages: outcome.pages,
    ocrPages: outcome.ocrPages,
    passages: outcome.passages,
  };
}
