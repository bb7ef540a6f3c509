/**
 * Loaded before a child's own code (`--import` of this module, or a wrapper that imports it first;
 * see guarded-start.ts): installs this process's or thread's network guard from what the parent
 * passed (a worker's wrapped workerData, a process's INKSTONE_NETWORK_GUARD), links it to the parent,
 * and guards the workers this child's dependencies start. Idempotent: loading it twice does nothing.
 * With nothing passed it fails closed: loopback only, attempts written to stderr.
 */
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";
import wt, { type MessagePort } from "node:worker_threads";
import { GUARD_ENV, type GuardConfig, lineLink, type UpMessage, UTILITY_TAG, WORKER_KEY } from "./guard-link.js";
import { guardDependencyProcesses, guardDependencyWorkers } from "./guarded-start.js";
import { NetworkGuard } from "./network-guard.js";
import { currentGuard, installProcessGuard } from "./process-guard.js";

interface Link {
  config: GuardConfig;
  send(message: UpMessage): void;
  onHosts(listener: (hosts: string[]) => void): void;
}

const unlinked = (config: GuardConfig): Link => ({
  config,
  send: (m) =>
    process.stderr.write(
      `[network] ${m.attempt.allowed ? "allowed" : "blocked"} ${m.attempt.host}: ${m.attempt.reason}\n`,
    ),
  onHosts: () => {},
});

function isConfig(value: unknown): value is GuardConfig {
  const c = value as GuardConfig | null;
  return (
    typeof c === "object" &&
    c !== null &&
    (c.policy === "inherit" || c.policy === "deny-all") &&
    Array.isArray(c.hosts) &&
    c.hosts.every((h) => typeof h === "string") &&
    typeof c.origin === "string"
  );
}

function workerLink(): Link {
  const wrapped = wt.workerData as { [WORKER_KEY]?: GuardConfig & { port?: MessagePort }; data?: unknown } | null;
  const config = wrapped?.[WORKER_KEY];
  if (!isConfig(config)) return unlinked({ policy: "inherit", hosts: [], origin: "worker thread" });
  // the worker's own code sees the workerData its starter passed, as if no wrapper were there
  (wt as { workerData: unknown }).workerData = wrapped?.data;
  syncBuiltinESMExports();
  const port = (config as { port?: MessagePort }).port;
  if (!port) return unlinked(config);
  return {
    config: { policy: config.policy, hosts: config.hosts, origin: config.origin },
    send: (m) => port.postMessage(m),
    onHosts: (listener) => {
      port.on("message", (m: { hosts?: unknown }) => Array.isArray(m.hosts) && listener(m.hosts));
      port.unref(); // the link never keeps the worker alive
    },
  };
}

function processLink(): Link {
  let config: GuardConfig = { policy: "inherit", hosts: [], origin: "child process" };
  try {
    const parsed: unknown = JSON.parse(process.env[GUARD_ENV] ?? "null");
    if (isConfig(parsed)) config = parsed;
  } catch {
    // malformed: fail closed
  }
  // a grandchild inherits the policy and names itself, but not this process's link
  process.env[GUARD_ENV] = JSON.stringify({ ...config, fd: undefined, origin: `${config.origin} › child process` });
  if (typeof config.fd === "number") {
    const socket = new net.Socket({ fd: config.fd, readable: true, writable: true });
    let listener: (hosts: string[]) => void = () => {};
    const send = lineLink(socket, (m) => {
      const hosts = (m as { hosts?: unknown }).hosts;
      if (Array.isArray(hosts)) listener(hosts.filter((h): h is string => typeof h === "string"));
    });
    return {
      config,
      send,
      onHosts: (l) => {
        listener = l;
      },
    };
  }
  const parentPort = (process as { parentPort?: { postMessage(message: unknown): void } }).parentPort;
  if (parentPort) return { config, send: (m) => parentPort.postMessage({ [UTILITY_TAG]: m }), onHosts: () => {} };
  return unlinked(config);
}

if (!currentGuard()) {
  const link = wt.isMainThread ? processLink() : workerLink();
  const guard = new NetworkGuard({
    policy: link.config.policy,
    origin: link.config.origin,
    report: (attempt) => link.send({ attempt }),
  });
  guard.setInheritedHosts(link.config.hosts);
  installProcessGuard(guard);
  guardDependencyWorkers();
  guardDependencyProcesses();
  link.onHosts((hosts) => guard.setInheritedHosts(hosts));
}
