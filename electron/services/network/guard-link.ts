/**
 * How a guarded child and its parent talk: the parent sends the hosts the main process allows now
 * (policy "inherit"), the child sends each attempt it saw, which the main process logs. The link
 * never shares a channel with the app's own messages: a worker gets a MessagePort of its own, a
 * forked child an extra stdio pipe; only an Electron utilityProcess (no extra pipes there) sends
 * its attempts on its parentPort, tagged, and takes its hosts once, at start.
 */
import type { Socket } from "node:net";
import type { MessagePort } from "node:worker_threads";
import type { GuardPolicy, NetworkGuard, NetworkLogEntry } from "./network-guard.js";

/** Environment variable with a child process's GuardConfig (JSON). */
export const GUARD_ENV = "INKSTONE_NETWORK_GUARD";
/** Key of the wrapper the helper puts around a worker's workerData (the bootstrap unwraps it). */
export const WORKER_KEY = "__inkstoneNetworkGuard";
/** Tag of a utility process's guard messages on its parentPort. */
export const UTILITY_TAG = "__inkstoneNetworkGuard";

export interface GuardConfig {
  policy: GuardPolicy;
  /** The hosts the main process allowed when the child started. */
  hosts: string[];
  /** The name the child's attempts carry in the log. */
  origin: string;
  /** A forked child's extra stdio pipe for the link. */
  fd?: number;
}

export type DownMessage = { hosts: string[] };
export type UpMessage = { attempt: NetworkLogEntry };

export function isUpMessage(value: unknown): value is UpMessage {
  const attempt = (value as UpMessage | null)?.attempt;
  return (
    typeof attempt === "object" &&
    attempt !== null &&
    typeof attempt.host === "string" &&
    typeof attempt.allowed === "boolean" &&
    typeof attempt.reason === "string" &&
    typeof attempt.at === "number"
  );
}

/** A utility process's tagged guard message, which the Electron glue takes out of the app's stream. */
export function isUtilityGuardMessage(value: unknown): value is { [UTILITY_TAG]: UpMessage } {
  return typeof value === "object" && value !== null && UTILITY_TAG in value;
}

/** Parent side: keeps the child's hosts current and logs what it reports. Returns the unlinker. */
export function serveChild(
  parent: NetworkGuard,
  send: (message: DownMessage) => void,
  policy: GuardPolicy,
): { receive(message: unknown): void; close(): void } {
  const unsubscribe =
    policy === "deny-all" ? () => {} : parent.subscribe((status) => send({ hosts: status.activeHosts }));
  return {
    receive(message) {
      // an attempt a child reports is recorded as it is; a child cannot grant itself anything this way
      if (isUpMessage(message)) parent.record(message.attempt);
    },
    close: () => void unsubscribe(),
  };
}

export function serveWorkerPort(parent: NetworkGuard, port: MessagePort, policy: GuardPolicy): void {
  const served = serveChild(parent, (m) => port.postMessage(m), policy);
  port.on("message", (m) => served.receive(m));
  port.once("close", () => served.close());
  port.unref();
}

/** JSON lines over a stream socket (a forked child's extra stdio pipe), both ends. */
export function lineLink(socket: Socket, onMessage: (message: unknown) => void): (message: object) => void {
  let buffered = "";
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      try {
        onMessage(JSON.parse(line));
      } catch {
        // not a guard message: ignored
      }
    }
    if (buffered.length > 1_000_000) buffered = ""; // a child cannot make the parent hold unbounded text
  });
  socket.on("error", () => {});
  socket.unref();
  return (message) => {
    if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(message)}\n`);
  };
}
