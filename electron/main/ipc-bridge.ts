/**
 * The Electron side of the contract: forwards the preload's calls to the router after checking
 * that they come from the app's own main frame, and sends stream messages back to that frame.
 */
import { BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent, ipcMain, type WebContents } from "electron";
import type { Notifier } from "../core/notifier.js";
import type { Router } from "../core/router.js";
import type { Contract } from "../shared/contract/index.js";
import type { Envelope, StreamMessage } from "../shared/contract-kit.js";
import { IPC } from "../shared/ipc-channels.js";
import { APP_ORIGIN } from "./app-protocol.js";

/** True only for the main frame of a window, showing the app's own origin. */
export function isTrustedSender(event: IpcMainEvent | IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  try {
    const url = new URL(frame.url);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

const forbidden: Envelope = { ok: false, error: { code: "forbidden", message: "Sender is not the app's window." } };

export function registerIpcBridge(router: Router<Contract>, notifier: Notifier, log: (line: string) => void): void {
  const streamsBySender = new Map<WebContents, Set<string>>();

  ipcMain.handle(IPC.invoke, async (event, channel: unknown, payload: unknown) => {
    if (!isTrustedSender(event)) {
      log(`[ipc] refused call to ${String(channel)} from ${event.senderFrame?.url ?? "unknown frame"}`);
      return forbidden;
    }
    return router.invoke(channel, payload);
  });

  ipcMain.on(IPC.stream, (event, channel: unknown, payload: unknown, requestId: unknown) => {
    if (!isTrustedSender(event)) {
      log(`[ipc] refused stream ${String(channel)} from ${event.senderFrame?.url ?? "unknown frame"}`);
      if (typeof requestId === "string") event.reply(IPC.streamMessage, { type: "end", requestId, result: forbidden });
      return;
    }
    const sender = event.sender;
    let ids = streamsBySender.get(sender);
    if (!ids) {
      const created = new Set<string>();
      ids = created;
      streamsBySender.set(sender, created);
      sender.once("destroyed", () => {
        router.cancelMany(created);
        streamsBySender.delete(sender);
      });
    }
    const own = ids;
    const sink = (message: StreamMessage) => {
      if (message.type === "end") own.delete(message.requestId);
      if (!sender.isDestroyed()) sender.send(IPC.streamMessage, message);
    };
    if (typeof requestId === "string") own.add(requestId);
    if (!router.stream(channel, payload, requestId, sink) && typeof requestId === "string") own.delete(requestId);
  });

  ipcMain.on(IPC.cancel, (event, requestId: unknown) => {
    if (!isTrustedSender(event) || typeof requestId !== "string") return;
    if (streamsBySender.get(event.sender)?.has(requestId)) router.cancel(requestId);
  });

  notifier.subscribe((notification) => {
    for (const window of BrowserWindow.getAllWindows()) {
      const contents = window.webContents;
      if (!contents.isDestroyed() && contents.getURL().startsWith(`${APP_ORIGIN}/`)) {
        contents.send(IPC.notify, notification);
      }
    }
  });
}
