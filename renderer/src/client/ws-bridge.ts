/** The web-mode bridge: the same `InkstoneBridge` the preload exposes, carried over a WebSocket. */

import { channelNames } from "../../../electron/shared/contract/index";
import type { Envelope, InkstoneBridge, Notification, StreamMessage } from "../../../electron/shared/contract-kit";

type ServerMessage =
  | { type: "result"; id: number; result: Envelope }
  | StreamMessage
  | ({ type: "notify" } & Notification)
  | { type: "error"; error: { code: string; message: string } };

const disconnected: Envelope = {
  ok: false,
  error: {
    code: "io_error",
    message: "Lost the connection to Inkstone. Is the web-mode server still running?",
    messageZh: "与 Inkstone 的连接已断开。Web 模式的服务器还在运行吗？",
  },
};

export function createWebSocketBridge(wsUrl: string): InkstoneBridge {
  let socket: WebSocket;
  let ready: Promise<void>;
  let nextId = 1;
  const pending = new Map<number, (result: Envelope) => void>();
  const streams = new Map<string, (message: StreamMessage) => void>();
  const notifyListeners = new Set<(notification: Notification) => void>();

  const connect = () => {
    socket = new WebSocket(wsUrl);
    ready = new Promise((resolve, reject) => {
      socket.addEventListener("open", () => resolve(), { once: true });
      socket.addEventListener("error", () => reject(new Error("WebSocket connection failed")), { once: true });
    });
    ready.catch(() => {});
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as ServerMessage;
      if (message.type === "result") {
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      } else if (message.type === "events" || message.type === "end") {
        const listener = streams.get(message.requestId);
        if (message.type === "end") streams.delete(message.requestId);
        listener?.(message);
      } else if (message.type === "notify") {
        for (const listener of notifyListeners) listener({ name: message.name, data: message.data });
      }
    });
    socket.addEventListener("close", () => {
      for (const resolve of pending.values()) resolve(disconnected);
      pending.clear();
      for (const [requestId, listener] of streams) listener({ type: "end", requestId, result: disconnected });
      streams.clear();
    });
  };
  connect();

  const send = async (message: unknown) => {
    if (socket.readyState === WebSocket.CLOSED || socket.readyState === WebSocket.CLOSING) connect();
    // An open socket sends now, not after an `await`: a question's keypress also schedules React's render as a
    // microtask, and awaiting here put that whole render (~10 ms) between the Enter key and the question leaving.
    if (socket.readyState !== WebSocket.OPEN) await ready;
    socket.send(JSON.stringify(message));
  };

  return {
    channels: channelNames,
    invoke(channel, payload) {
      const id = nextId++;
      return new Promise<Envelope>((resolve) => {
        pending.set(id, resolve);
        send({ type: "invoke", id, channel, payload }).catch(() => {
          pending.delete(id);
          resolve(disconnected);
        });
      });
    },
    stream(channel, payload, onMessage) {
      const requestId = crypto.randomUUID();
      streams.set(requestId, onMessage);
      send({ type: "stream", requestId, channel, payload }).catch(() => {
        streams.delete(requestId);
        onMessage({ type: "end", requestId, result: disconnected });
      });
      return requestId;
    },
    cancel(requestId) {
      void send({ type: "cancel", requestId }).catch(() => {});
    },
    onNotify(listener) {
      notifyListeners.add(listener);
      return () => notifyListeners.delete(listener);
    },
  };
}
