/**
 * Enforces the network guard for every socket the thread opens, not only Inkstone's own requests:
 * a dependency that tries to phone home gets a connection error instead. TCP is guarded where
 * every client connects (net.Socket#connect: net.connect, http/https, tls, fetch/undici, ws), and
 * judged by the address it goes to: a name is resolved through the guard (dns-guard.ts), and a
 * caller's own `lookup` is wrapped so that whatever address it answers is judged too. DNS and UDP
 * are guarded alongside (installSocketGuard installs all three).
 */
import net from "node:net";
import { blockedError, guardedResolve, installDnsGuard, type ResolvedAddress } from "./dns-guard.js";
import type { NetworkGuard } from "./network-guard.js";
import { installUdpGuard } from "./udp-guard.js";

type Connect = (this: net.Socket, ...args: unknown[]) => net.Socket;
type LookupCallback = (error: Error | null, address?: string | ResolvedAddress[], family?: number) => void;
type Lookup = (hostname: string, options: { family?: number; all?: boolean }, callback: LookupCallback) => void;

interface Target {
  options: { host?: string; path?: string; lookup?: Lookup };
  /** The arguments to hand on with `options` replaced. */
  withOptions(options: object): unknown[];
}

function target(args: unknown[]): Target | null {
  const first = args[0];
  if (Array.isArray(first)) {
    // net.connect() hands over its normalized [options, callback] array: replace in place, keeping its marker
    const list = first as unknown[];
    return {
      options: (list[0] ?? {}) as Target["options"],
      withOptions: (options) => {
        list[0] = options;
        return args;
      },
    };
  }
  const callbacks = args.filter((a) => typeof a === "function");
  if (typeof first === "object" && first !== null) {
    return { options: first as Target["options"], withOptions: (options) => [options, ...callbacks] };
  }
  if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    const options = { port: Number(first), host: typeof args[1] === "string" ? args[1] : undefined };
    return { options, withOptions: (o) => [o, ...callbacks] };
  }
  if (typeof first === "string") return { options: { path: first }, withOptions: (o) => [o, ...callbacks] };
  return null;
}

/** Closes `socket` when the grant that let it reach `address` ends (a connection lives no longer than its grant). */
function watch(guard: NetworkGuard, socket: net.Socket, address: string): void {
  // the download or remote run that allowed this connection is over
  const stop = guard.watchConnection(address, () => socket.destroy(blockedError(address)));
  socket.once("close", stop);
}

/** Wraps a lookup (the caller's or the guard's) so every address it answers is judged before net connects. */
function judgedLookup(guard: NetworkGuard, socket: net.Socket, own: Lookup | undefined): Lookup {
  return (hostname, options, callback) => {
    const judge = (addresses: ResolvedAddress[]): Error | null => {
      for (const { address } of addresses) {
        if (!guard.permitsAddress(address, "connection", hostname)) return blockedError(hostname);
        watch(guard, socket, address);
      }
      return addresses.length > 0
        ? null
        : Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    };
    const answer = (addresses: ResolvedAddress[]) => {
      const error = judge(addresses);
      if (error) callback(error);
      else if (options.all) callback(null, addresses);
      else callback(null, addresses[0]?.address, addresses[0]?.family);
    };
    if (own) {
      own(hostname, options, (error, address, family) => {
        if (error) callback(error);
        else answer(Array.isArray(address) ? address : [{ address: String(address), family: family ?? 4 }]);
      });
      return;
    }
    guardedResolve(guard, hostname, options.family ?? 0).then(answer, (error: Error) => callback(error));
  };
}

function installTcpGuard(guard: NetworkGuard): () => void {
  const original = net.Socket.prototype.connect as unknown as Connect;
  const guarded: Connect = function (this: net.Socket, ...args: unknown[]) {
    const found = target(args);
    if (!found) return original.apply(this, args);
    const refuse = (host: string) => {
      process.nextTick(() => this.destroy(blockedError(host)));
      return this;
    };
    const { options } = found;
    if (options.path) return guard.permitsLocalSocket(options.path) ? original.apply(this, args) : refuse(options.path);
    const host = options.host || "localhost";
    if (net.isIP(host.replace(/^\[|\]$/g, "")) !== 0) {
      if (!guard.permitsAddress(host)) return refuse(host);
      watch(guard, this, host.replace(/^\[|\]$/g, ""));
      return original.apply(this, args);
    }
    return original.apply(this, found.withOptions({ ...options, lookup: judgedLookup(guard, this, options.lookup) }));
  };
  net.Socket.prototype.connect = guarded as unknown as typeof net.Socket.prototype.connect;
  return () => {
    net.Socket.prototype.connect = original as unknown as typeof net.Socket.prototype.connect;
  };
}

/** Guards TCP (and everything built on it), DNS and UDP in this thread; returns the uninstaller. */
export function installSocketGuard(guard: NetworkGuard): () => void {
  const uninstall = [installTcpGuard(guard), installDnsGuard(guard), installUdpGuard(guard)];
  return () => {
    for (const undo of uninstall.reverse()) undo();
  };
}
