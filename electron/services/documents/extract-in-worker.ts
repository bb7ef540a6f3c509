/**
 * Runs an extraction in a worker thread (extract-worker), so a 50 MB PDF or a page of OCR never
 * blocks the main process: progress comes back as it happens, and aborting ends the thread at once.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type ErrorCode, InkstoneError } from "../../shared/contract-kit.js";
import { startWorker } from "../network/guarded-start.js";
import type { ExtractedDocument, ExtractionProgress } from "./extract-text.js";
import type { ExtractJob, ExtractWorkerMessage } from "./extract-worker.js";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The worker script beside this module: .js when built; from source (tests), .ts (the helper loads tsx). */
const workerFile = path.join(here, import.meta.url.endsWith(".ts") ? "extract-worker.ts" : "extract-worker.js");

export function extractInWorker(
  job: ExtractJob,
  options: { signal?: AbortSignal; onProgress?: (progress: ExtractionProgress) => void } = {},
): Promise<ExtractedDocument> {
  const { signal, onProgress } = options;
  if (signal?.aborted)
    return Promise.reject(
      new InkstoneError("cancelled", { en: "Reading the file was cancelled.", zh: "已取消读取文件。" }),
    );
  // bytes: a copy of their own, moved to the worker; base64 text is decoded there, off this thread
  const bytes = job.bytes ? new Uint8Array(job.bytes) : undefined;
  const worker = startWorker(workerFile, {
    name: "extraction worker",
    workerData: { ...job, bytes } satisfies ExtractJob,
    transferList: bytes ? [bytes.buffer as ArrayBuffer] : [],
  });
  return new Promise<ExtractedDocument>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", abort);
      void worker.terminate();
      outcome();
    };
    const abort = () =>
      finish(() =>
        reject(new InkstoneError("cancelled", { en: "Reading the file was cancelled.", zh: "已取消读取文件。" })),
      );
    signal?.addEventListener("abort", abort, { once: true });
    worker.on("message", (message: ExtractWorkerMessage) => {
      if (message.type === "progress") {
        if (!settled)
          onProgress?.({
            stage: message.stage as ExtractionProgress["stage"],
            done: message.done,
            total: message.total,
          });
      } else if (message.type === "done") finish(() => resolve(message.document));
      else finish(() => reject(InkstoneError.from({ ...message, code: message.code as ErrorCode })));
    });
    worker.on("error", (error) =>
      finish(() =>
        reject(
          new InkstoneError("internal", {
            en: `Reading the file failed: ${error.message}`,
            zh: `读取文件失败：${error.message}`,
          }),
        ),
      ),
    );
    worker.on("exit", (code) =>
      finish(() =>
        reject(
          new InkstoneError("internal", {
            en: `Reading the file stopped unexpectedly (exit code ${code}).`,
            zh: `读取文件意外中止（退出码 ${code}）。`,
          }),
        ),
      ),
    );
  });
}
