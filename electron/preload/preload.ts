/**
 * Exposes exactly `window.inkstone`, built from the contract: only its channels, each used as the
 * contract declares it (call or stream). No raw ipcRenderer reaches the page.
 */
import { contextBridge, ipcRenderer } from "electron";
import { contract } from "../shared/contract/index.js";
import type { Envelope, InkstoneBridge, Notification, StreamMessage } from "../shared/contract-kit.js";
import { IPC } from "../shared/ipc-channels.js";

const kinds = new Map<string, "call" | "stream">(Object.entries(contract).map(([name, def]) => [name, def.kind]));
const listeners = new Map<string, (message: StreamMessage) => void>();
const notifyListeners = new Set<(notification: Notification) => void>();

ipcRenderer.on(IPC.streamMessage, (_event, message: StreamMessage) => {
  const listener = listeners.get(message.requestId);
  if (!listener) return;
  if (message.type === "end") listeners.delete(message.requestId);
  listener(message);
});
ipcRenderer.on(IPC.notify, (_event, notification: Notification) => {
  for (const listener of notifyListeners) listener(notification);
});

const refuse = (message: string): Envelope => ({ ok: false, error: { code: "unknown_channel", message } });

const bridge: InkstoneBridge = {
  channels: [...kinds.keys()],
  async invoke(channel, payload) {
    if (kinds.get(channel) !== "call") return refuse(`Not a call channel: ${channel}`);
    return (await ipcRenderer.invoke(IPC.invoke, channel, payload)) as Envelope;
  },
  stream(channel, payload, onMessage) {
    const requestId = crypto.randomUUID();
    if (kinds.get(channel) !== "stream") {
      queueMicrotask(() => onMessage({ type: "end", requestId, result: refuse(`Not a stream channel: ${channel}`) }));
      return requestId;
    }
    listeners.set(requestId, onMessage);
    ipcRenderer.send(IPC.stream, channel, payload, requestId);
    return requestId;
  },
  cancel(requestId) {
    ipcRenderer.send(IPC.cancel, requestId);
  },
  onNotify(listener) {
    notifyListeners.add(listener);
    return () => notifyListeners.delete(listener);
  },
};

contextBridge.exposeInMainWorld("inkstone", bridge);
