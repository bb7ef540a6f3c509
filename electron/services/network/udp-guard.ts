/**
 * UDP under the offline guard: a datagram is judged by the address it goes to. A name is resolved
 * through the guard first (refused unless granted), then the datagram is sent to the address it
 * resolved to; a connected socket is judged once, when it connects.
 */
import dgram from "node:dgram";
import { isIP } from "node:net";
import { blockedError, guardedResolve } from "./dns-guard.js";
import type { NetworkGuard } from "./network-guard.js";

type Method = (this: dgram.Socket, ...args: unknown[]) => unknown;

function isConnected(socket: dgram.Socket): boolean {
  try {
    socket.remoteAddress();
    return true;
  } catch {
    return false;
  }
}

function loopbackFor(socket: dgram.Socket): string {
  return (socket as unknown as { type?: string }).type === "udp6" ? "::1" : "127.0.0.1";
}

/** Resolves and judges `address`, then calls `go` with the address to use, or `fail` with the refusal. */
function judge(
  guard: NetworkGuard,
  socket: dgram.Socket,
  address: unknown,
  go: (address: string) => void,
  fail: (error: Error) => void,
): void {
  const asked = typeof address === "string" && address !== "" ? address : loopbackFor(socket);
  const family = (socket as unknown as { type?: string }).type === "udp6" ? 6 : 4;
  if (isIP(asked) !== 0) {
    if (guard.permitsAddress(asked, "UDP datagram")) go(asked);
    else process.nextTick(() => fail(blockedError(asked, "send")));
    return;
  }
  guardedResolve(guard, asked, family).then(
    ([first]) => {
      if (first && guard.permitsAddress(first.address, "UDP datagram", asked)) go(first.address);
      else fail(blockedError(asked, "send"));
    },
    (error: Error) => fail(error),
  );
}

export function installUdpGuard(guard: NetworkGuard): () => void {
  const proto = dgram.Socket.prototype as unknown as Record<string, Method>;
  const send = proto.send as Method;
  const connect = proto.connect as Method;

  proto.send = function (this: dgram.Socket, ...args: unknown[]) {
    if (isConnected(this)) {
      // judged again on each datagram: a grant that allowed the connect may be over
      const address = this.remoteAddress().address;
      if (guard.permitsAddress(address, "UDP datagram")) return send.apply(this, args);
      const callback = args.findLast((a) => typeof a === "function") as ((error: Error) => void) | undefined;
      const error = blockedError(address, "send");
      process.nextTick(() => (callback ? callback(error) : this.emit("error", error)));
      return;
    }
    // send(msg, [offset, length,] port[, address][, callback]), told apart the way Node does
    const at = args[4] || (args[3] && typeof args[3] !== "function") ? 4 : 2;
    const callback = args.findLast((a) => typeof a === "function") as ((error: Error) => void) | undefined;
    judge(
      guard,
      this,
      typeof args[at] === "function" ? undefined : args[at],
      (address) => {
        const copy = [...args];
        if (typeof copy[at] === "function" || copy[at] === undefined) copy.splice(at, 0, address);
        else copy[at] = address;
        send.apply(this, copy);
      },
      (error) => (callback ? callback(error) : this.emit("error", error)),
    );
  };

  proto.connect = function (this: dgram.Socket, port: unknown, address?: unknown, callback?: unknown) {
    const cb = (typeof address === "function" ? address : callback) as ((error?: Error) => void) | undefined;
    judge(
      guard,
      this,
      typeof address === "function" ? undefined : address,
      (resolved) => connect.call(this, port, resolved, cb),
      (error) => (cb ? cb(error) : this.emit("error", error)),
    );
  };

  // joining a multicast group announces this machine on the network (IGMP/MLD): judged like a datagram
  const joins = ["addMembership", "addSourceSpecificMembership"].map((name) => [name, proto[name] as Method] as const);
  for (const [name, join] of joins) {
    proto[name] = function (this: dgram.Socket, ...args: unknown[]) {
      const group = String(args[name === "addMembership" ? 0 : 1]);
      if (!guard.permitsAddress(group, "UDP datagram")) throw blockedError(group, name);
      return join.apply(this, args);
    };
  }

  return () => {
    proto.send = send;
    proto.connect = connect;
    for (const [name, join] of joins) proto[name] = join;
  };
}
