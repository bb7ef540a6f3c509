import type { InkstoneClient } from "./client";
import { connect } from "./connect";

let instance: { client: InkstoneClient; transport: "ipc" | "websocket" | "test" } | null = null;

/** The app's one client; tests install a fake with `setClient`. */
export function getClient(): InkstoneClient {
  instance ??= connect();
  return instance.client;
}

export function getTransport(): "ipc" | "websocket" | "test" {
  instance ??= connect();
  return instance.transport;
}

export function setClient(client: InkstoneClient): void {
  instance = { client, transport: "test" };
}
