/**
 * Worker-thread entry: extracts one attachment away from the main event loop and reports progress.
 * OCR runs in tesseract's own thread below this one; terminating this worker ends both.
 */
import { readFile } from "node:fs/promises";
import { parentPort, workerData } from "node:worker_threads";
import { InkstoneError } from "../../shared/contract-kit.js";
import { extractDocument } from "./extract-text.js";
import { OcrReader } from "./ocr.js";

export interface ExtractJob {
  name: string;
  /** The file's bytes, or its path (an upload), read here rather than on the main thread. */
  bytes?: Uint8Array;
  file?: string;
  /** Folder with the OCR languages' trained data (see prepareOcrLanguages). */
  langDir: string;
}

export type ExtractWorkerMessage =
  | { type: "progress"; stage: string; done: number; total: number }
  | { type: "done"; document: Awaited<ReturnType<typeof extractDocument>> }
  | { type: "error"; code: string; message: string; messageZh?: string; details?: unknown };

const job = workerData as ExtractJob;
const port = parentPort;
if (!port) throw new Error("extract-worker must run in a worker thread");
const post = (message: ExtractWorkerMessage) => port.postMessage(message);

let reader: OcrReader | null = null;
try {
  const bytes = job.bytes ?? new Uint8Array(await readFile(job.file ?? ""));
  const document = await extractDocument(job.name, bytes, {
    ocr: async () => {
      reader ??= await OcrReader.open(job.langDir);
      return reader;
    },
    onProgress: (progress) => post({ type: "progress", ...progress }),
  });
  post({ type: "done", document });
} catch (error) {
  post(
    error instanceof InkstoneError
      ? { type: "error", ...error.toJSON() }
      : { type: "error", code: "internal", message: String((error as Error).message ?? error) },
  );
} finally {
  await (reader as OcrReader | null)?.close();
}
