/**
 * The web-mode process that `npm run bench:responsiveness` drives: Inkstone's services and web
 * server, as `npm run start:web` runs them, plus a sampler of this process's event-loop delay
 * (perf_hooks.monitorEventLoopDelay). The driver resets and reads the sampler around each scenario
 * over the IPC channel, so nothing the driver does is counted here.
 */
// First: the network guard, before any other module runs, as in start-web.ts.
import "../electron/services/network/main-guard.js";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createAppServices } from "../electron/core/app-services.js";
import { mainGuard } from "../electron/services/network/main-guard.js";
import { startWebServer } from "../electron/web/web-server.js";

export type HostCommand = { cmd: "reset" } | { cmd: "read" } | { cmd: "close" };
export type HostReply =
  | { type: "ready"; port: number; token: string; origin: string }
  | { type: "figures"; maxMs: number; p99Ms: number; meanMs: number; samples: number };

const dataDir = process.argv[2]!;
const services = await createAppServices({ dataDir, network: mainGuard, mode: "web", version: "bench" });
const server = await startWebServer({ router: services.router, notifier: services.notifier, rendererDir: dataDir });
// 10 ms resolution: a sample is the time between two 10 ms timer ticks, so an idle loop reads ~10 ms
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

process.on("message", async (command: HostCommand) => {
  if (command.cmd === "reset") {
    delay.reset();
    process.send!({ type: "figures", maxMs: 0, p99Ms: 0, meanMs: 0, samples: 0 } satisfies HostReply);
  } else if (command.cmd === "read") {
    process.send!({
      type: "figures",
      maxMs: delay.max / 1e6,
      p99Ms: delay.percentile(99) / 1e6,
      meanMs: delay.mean / 1e6,
      samples: delay.count,
    } satisfies HostReply);
  } else {
    delay.disable();
    await server.close();
    await services.close();
    process.exit(0);
  }
});
process.send!({ type: "ready", port: server.port, token: server.token, origin: server.origin } satisfies HostReply);
