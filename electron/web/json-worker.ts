/** Worker-thread entry: decodes and parses one large WebSocket message (see json-off-thread). */
import { parentPort } from "node:worker_threads";

export type JsonJob = { id: number; bytes: Uint8Array };
export type JsonReply = { id: number; ok: true; value: unknown } | { id: number; ok: false };

parentPort?.on("message", ({ id, bytes }: JsonJob) => {
  let reply: JsonReply;
  try {
    reply = { id, ok: true, value: JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString()) };
  } catch {
    reply = { id, ok: false };
  }
  parentPort?.postMessage(reply);
});
