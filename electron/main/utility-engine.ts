/** The engine process in the desktop app: an Electron utilityProcess running the same engine host as web mode. */
import { utilityProcess } from "electron";
import type { EngineProcess, EngineReply } from "../services/engine/engine-protocol.js";

export function spawnUtilityEngine(entry: string): EngineProcess {
  const child = utilityProcess.fork(entry, [], { serviceName: "Inkstone engine", stdio: "inherit" });
  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      child.postMessage(message);
    },
    onMessage(listener) {
      child.on("message", (message) => listener(message as EngineReply));
    },
    onExit(listener) {
      child.on("exit", (code) => listener(code, null));
    },
    kill() {
      child.kill();
    },
  };
}
