/** A minimal WebSocket client of the web-mode contract, for benchmarks that drive the whole pipeline. */
import { WebSocket } from "ws";
import type { Envelope, StreamMessage } from "../electron/shared/contract-kit.js";
import type { WebServer } from "../electron/web/web-server.js";

export interface ContractSocket {
  invoke(channel: string, payload: unknown): Promise<Envelope>;
  stream(channel: string, payload: unknown, onEvents: (events: unknown[], at: number) => void): Promise<Envelope>;
  close(): void;
}

export async function connectContract(server: WebServer): Promise<ContractSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: server.origin });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  let nextId = 1;
  const results = new Map<number, (e: Envelope) => void>();
  const streams = new Map<string, { onEvents: (events: unknown[], at: number) => void; done: (e: Envelope) => void }>();
  ws.on("message", (raw) => {
    const at = performance.now();
    const message = JSON.parse(raw.toString()) as StreamMessage | { type: "result"; id: number; result: Envelope };
    if (message.type === "result") results.get(message.id)?.(message.result);
    else if (message.type === "events") streams.get(message.requestId)?.onEvents(message.events, at);
    else if (message.type === "end") streams.get(message.requestId)?.done(message.result);
  });
  return {
    invoke(channel, payload) {
      const id = nextId++;
      return new Promise((resolve) => {
        results.set(id, resolve);
        ws.send(JSON.stringify({ type: "invoke", id, channel, payload }));
      });
    },
    stream(channel, payload, onEvents) {
      const requestId = `bench-${nextId++}`;
      return new Promise((resolve) => {
        streams.set(requestId, { onEvents, done: resolve });
        ws.send(JSON.stringify({ type: "stream", requestId, channel, payload }));
      });
    },
    close: () => ws.close(),
  };
}

/** Sends a file through uploads.* in the chunks the server asks for, as the renderer does; returns the upload id. */
export async function uploadOver(
  socket: ContractSocket,
  purpose: "document" | "history",
  bytes: Uint8Array,
): Promise<string> {
  const begun = await socket.invoke("uploads.begin", { purpose, size: bytes.length });
  if (!begun.ok) throw new Error(begun.error.message);
  const { uploadId, chunkBytes } = begun.data as { uploadId: string; chunkBytes: number };
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    const dataBase64 = Buffer.from(bytes.subarray(offset, offset + chunkBytes)).toString("base64");
    const appended = await socket.invoke("uploads.append", { uploadId, offset, dataBase64 });
    if (!appended.ok) throw new Error(appended.error.message);
  }
  return uploadId;
}
