/**
 * `npm run start:web`: Inkstone's services in plain Node, the renderer in any browser.
 * Options: --port N (default: random), --data-dir DIR (default: the desktop app's data folder).
 */
// First: the network guard, before any other module runs (see main-guard.ts).
import "../services/network/main-guard.js";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createAppServices } from "../core/app-services.js";
import { appVersion } from "../core/app-version.js";
import { defaultUserDataDir, rendererDistDir } from "../services/fs/paths.js";
import { mainGuard } from "../services/network/main-guard.js";
import { startWebServer } from "./web-server.js";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    "data-dir": { type: "string" },
    "renderer-dir": { type: "string" },
    quiet: { type: "boolean" },
  },
});

const rendererDir = path.resolve(values["renderer-dir"] ?? rendererDistDir());
if (!existsSync(path.join(rendererDir, "index.html"))) {
  console.error(`Inkstone: the renderer is not built (no ${rendererDir}/index.html). Run \`npm run build\` first.`);
  process.exit(1);
}
const log = values.quiet ? () => {} : (line: string) => console.error(line);
// Offline guarantee: this process reaches loopback, and a download's host while it runs; nothing else.
const network = mainGuard;
const services = await createAppServices({
  network,
  dataDir: path.resolve(values["data-dir"] ?? defaultUserDataDir()),
  mode: "web",
  version: appVersion(),
  log,
});
const server = await startWebServer({
  router: services.router,
  notifier: services.notifier,
  rendererDir,
  port: values.port ? Number(values.port) : 0,
  log,
});
console.log(`Inkstone (web mode) is ready: ${server.url}`);
console.log(`Data folder: ${services.options.dataDir}`);

let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await server.close();
  await services.close();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
