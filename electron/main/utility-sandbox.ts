/**
 * The code sandbox's host processes in the desktop app: Electron utilityProcesses running the same
 * host as web mode, with the same permission flags (execArgv), the network guard refusing every
 * socket, and an environment holding only the guard's configuration.
 */
import { utilityProcess } from "electron";
import { GUARD_ENV } from "../services/network/guard-link.js";
import { utilityProcessGuard } from "../services/network/guarded-start.js";
import { hostExecArgv } from "../services/sandbox/host-entry.js";
import type { HostMessage } from "../services/sandbox/protocol.js";
import type { SpawnSandboxProcess } from "../services/sandbox/sandbox-host.js";

export const spawnUtilitySandbox: SpawnSandboxProcess = (engine, entry) => {
  const guard = utilityProcessGuard({ name: `code sandbox (${engine})`, policy: "deny-all" });
  const child = utilityProcess.fork(entry.file, [engine], {
    serviceName: `Inkstone code sandbox (${engine})`,
    stdio: "ignore",
    execArgv: [...hostExecArgv(entry), ...guard.execArgv],
    env: { [GUARD_ENV]: guard.env[GUARD_ENV] },
  });
  return {
    send: (job) => child.postMessage(job),
    onMessage: (listener) =>
      child.on("message", (message) => {
        if (!guard.take(message)) listener(message as HostMessage);
      }),
    onExit: (listener) => child.on("exit", (code) => listener(code)),
    kill: () => child.kill(),
  };
};
