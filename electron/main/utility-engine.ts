/** The engine process in the desktop app: an Electron utilityProcess running the same engine host as web mode. */
import { utilityProcess } from "electron";
import type { EngineProcess, EngineReply } from "../services/engine/engine-protocol.js";
import { utilityProcessGuard } from "../services/network/guarded-start.js";

export function spawnUtilityEngine(entry: string): EngineProcess {
  // the network guard loads first (execArgv, and engine-host imports it first); its reports come back tagged
  const guard = utilityProcessGuard({ name: "engine process" });
  const child = utilityProcess.fork(entry, [], {
    serviceName: "Inkstone engine",
    stdio: "inherit",
    execArgv: guard.execArgv,
    env: guard.env,
  });
  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      child.postMessage(message);
    },
    onMessage(listener) {
      child.on("message", (message) => {
        if (!guard.take(message)) listener(message as EngineReply);
      });
    },
    onExit(listener) {
      child.on("exit", (code) => listener(code, null));
    },
    kill() {
      child.kill();
    },
  };
}
