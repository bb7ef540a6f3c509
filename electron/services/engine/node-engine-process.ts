/** Starts the engine as a Node child process (web mode and tests). Electron uses utilityProcess instead. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { forkProcess } from "../network/guarded-start.js";
import type { EngineProcess, EngineReply } from "./engine-protocol.js";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The host script beside this module: .js when built, .ts (through tsx) when run from source. */
export function engineHostEntry(): { file: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith(".ts");
  return fromSource
    ? { file: path.join(here, "engine-host.ts"), execArgv: ["--import", "tsx"] }
    : { file: path.join(here, "engine-host.js"), execArgv: [] };
}

export function spawnNodeEngine(): EngineProcess {
  const entry = engineHostEntry();
  const child = forkProcess(entry.file, [], {
    name: "engine process",
    execArgv: entry.execArgv,
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return {
    pid: child.pid,
    send(message) {
      if (child.connected) child.send(message);
    },
    onMessage(listener) {
      child.on("message", (message) => listener(message as EngineReply));
    },
    onExit(listener) {
      child.on("exit", (code, signal) => listener(code, signal));
    },
    kill(signal = "SIGTERM") {
      child.kill(signal);
    },
  };
}
