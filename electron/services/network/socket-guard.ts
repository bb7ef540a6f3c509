/**
 * Enforces the network guard for every socket the process opens, not only Inkstone's own
 * requests: a dependency that tries to phone home gets a connection error instead.
 */
import net from "node:net";
import type { NetworkGuard } from "./network-guard.js";

type Connect = (this: net.Socket, ...args: unknown[]) => net.Socket;

function destination(args: unknown[]): string | null {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === "object" && first !== null) {
    const options = first as { host?: string; path?: string };
    if (options.path) return null; // a local pipe or Unix socket
    return options.host ?? "localhost";
  }
  if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    return typeof args[1] === "string" ? args[1] : "localhost";
  }
  return null; // connect(path)
}

export function installSocketGuard(guard: NetworkGuard): () => void {
  const original = net.Socket.prototype.connect as unknown as Connect;
  const guarded: Connect = function (this: net.Socket, ...args: unknown[]) {
    const host = destination(args);
    if (host !== null && !guard.permits(host)) {
      process.nextTick(() =>
        this.destroy(
          Object.assign(new Error(`Blocked by Inkstone's offline guard: ${host}`), { code: "EINKSTONEBLOCKED" }),
        ),
      );
      return this;
    }
    return original.apply(this, args);
  };
  net.Socket.prototype.connect = guarded as unknown as typeof net.Socket.prototype.connect;
  return () => {
    net.Socket.prototype.connect = original as unknown as typeof net.Socket.prototype.connect;
  };
}
