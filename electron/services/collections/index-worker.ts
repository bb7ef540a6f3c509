/**
 * Worker-thread entry for indexing: takes files one after another (one worker serves many files,
 * so pdf.js and the OCR languages load once), reads each with the documents' extractor, cuts it
 * into passages and tokenizes them, all off the main event loop. The file's size is checked before
 * a byte is read.
 */
import { readFile, stat } from "node:fs/promises";
import { parentPort } from "node:worker_threads";
import { InkstoneError } from "../../shared/contract-kit.js";
import { DOCUMENT_LIMITS } from "../../shared/document-limits.js";
import { extractDocument } from "../documents/extract-text.js";
import { OcrReader } from "../documents/ocr.js";
import { type IndexedPassage, passagesOf } from "./passages.js";

export interface IndexTask {
  id: number;
  path: string;
  name: string;
  /** The OCR languages' folder; null: photos and scans are refused (no OCR). */
  langDir: string | null;
}

export type IndexWorkerMessage =
  | { type: "progress"; id: number; stage: string; done: number; total: number }
  | {
      type: "done";
      id: number;
      kind: string;
      pages: number;
      ocrPages: number;
      passages: IndexedPassage[];
      /** Where the time went (bench:collections adds these up): reading the file, extracting, passages and terms. */
      timing: { readMs: number; extractMs: number; passagesMs: number };
    }
  | { type: "failed"; id: number; reason: string; message: string };

const port = parentPort;
if (!port) throw new Error("index-worker must run in a worker thread");
const post = (message: IndexWorkerMessage) => port.postMessage(message);

let reader: Promise<OcrReader> | null = null;

async function index(task: IndexTask): Promise<IndexWorkerMessage> {
  const info = await stat(task.path);
  if (info.size > DOCUMENT_LIMITS.maxBytes) {
    const megabytes = (info.size / 1024 / 1024).toFixed(1);
    return {
      type: "failed",
      id: task.id,
      reason: "too_large",
      message: `This file is ${megabytes} MB; Inkstone reads files up to ${DOCUMENT_LIMITS.maxBytes / 1024 / 1024} MB.`,
    };
  }
  const started = performance.now();
  const bytes = new Uint8Array(await readFile(task.path));
  const read = performance.now();
  const langDir = task.langDir;
  const document = await extractDocument(task.name, bytes, {
    ocr: langDir
      ? () => {
          reader ??= OcrReader.open(langDir);
          return reader;
        }
      : undefined,
    onProgress: (p) => post({ type: "progress", id: task.id, ...p }),
  });
  const extracted = performance.now();
  const passages = passagesOf(document.pages);
  return {
    type: "done",
    id: task.id,
    kind: document.kind,
    pages: document.pages.length,
    ocrPages: document.ocrPages.length,
    passages,
    timing: { readMs: read - started, extractMs: extracted - read, passagesMs: performance.now() - extracted },
  };
}

port.on("message", (task: IndexTask) => {
  index(task)
    .catch((error: unknown): IndexWorkerMessage => {
      const details = error instanceof InkstoneError ? (error.details as { reason?: string } | undefined) : undefined;
      const code = (error as NodeJS.ErrnoException).code;
      const reason = details?.reason ?? (code === "ENOENT" ? "missing" : code === "EACCES" ? "unreadable" : "corrupt");
      return { type: "failed", id: task.id, reason, message: String((error as Error).message ?? error) };
    })
    .then(post);
});
