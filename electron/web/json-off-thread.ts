/**
 * Parses large WebSocket messages (a 50 MB attachment, a 200 MB history import) in a worker
 * thread: decoding and parsing them here would stop the main process for as long. The bytes are
 * moved to the worker, not copied, when they own their memory; the parsed value comes back.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";
import { startWorker } from "../services/network/guarded-start.js";
import type { JsonJob, JsonReply } from "./json-worker.js";

/** Messages above this size are parsed off the main thread. */
export const OFF_THREAD_BYTES = 1024 * 1024;

const here = path.dirname(fileURLToPath(import.meta.url));
const workerFile = path.join(here, import.meta.url.endsWith(".ts") ? "json-worker.ts" : "json-worker.js");

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, (reply: JsonReply) => void>();

function parser(): Worker {
  if (worker) return worker;
  const thread = startWorker(workerFile, { name: "message parser", policy: "deny-all" });
  thread.unref();
  thread.on("message", (reply: JsonReply) => {
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  const fail = () => {
    if (worker === thread) worker = null;
    for (const [id, resolve] of pending) resolve({ id, ok: false });
    pending.clear();
  };
  thread.on("error", fail);
  thread.on("exit", fail);
  worker = thread;
  return thread;
}

/** The parsed message, or `{ ok: false }` when it is not JSON. */
export function parseJsonOffThread(raw: Buffer): Promise<JsonReply> {
  const owns = raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength;
  const bytes = owns ? new Uint8Array(raw.buffer, 0, raw.byteLength) : new Uint8Array(raw);
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    parser().postMessage({ id, bytes } satisfies JsonJob, [bytes.buffer as ArrayBuffer]);
  });
}
