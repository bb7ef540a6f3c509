/** Picks the transport: the preload's bridge when present (Electron), else the web-mode WebSocket. */
import type { InkstoneBridge } from "../../../electron/shared/contract-kit";
import { createClient, type InkstoneClient } from "./client";
import { createWebSocketBridge } from "./ws-bridge";

declare global {
  interface Window {
    inkstone?: InkstoneBridge;
  }
}

const TOKEN_KEY = "inkstone.token";

export function webSocketUrl(location: Location, storage: Storage): string {
  const fromUrl = new URLSearchParams(location.search).get("token");
  if (fromUrl) storage.setItem(TOKEN_KEY, fromUrl);
  const token = fromUrl ?? storage.getItem(TOKEN_KEY) ?? "";
  const protocol = location.protocol === "https:" ? "wss:" : "ws:";
  return `${protocol}//${location.host}/ws?token=${encodeURIComponent(token)}`;
}

export function connect(): { client: InkstoneClient; transport: "ipc" | "websocket" } {
  if (window.inkstone) return { client: createClient(window.inkstone), transport: "ipc" };
  return {
    client: createClient(createWebSocketBridge(webSocketUrl(window.location, window.sessionStorage))),
    transport: "websocket",
  };
}
