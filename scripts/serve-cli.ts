/**
 * `npm run serve -- --model FILE [--port N] [--data-dir DIR]`: the local OpenAI-compatible API
 * without the UI. Loads FILE, listens on 127.0.0.1 (the next free port when N is taken) and prints
 * one line that scripts read — keep its shape:
 *   Inkstone API at http://127.0.0.1:PORT/v1 · key in PATH
 * Everything else goes to stderr. The key file (mode 0600) is in the data folder.
 */
// the network guard first, before any other module runs: this process reaches loopback only
import "../electron/services/network/main-guard.js";
import path from "node:path";
import { parseArgs } from "node:util";
import { EngineClient } from "../electron/services/engine/engine-client.js";
import { spawnNodeEngine } from "../electron/services/engine/node-engine-process.js";
import { defaultUserDataDir } from "../electron/services/fs/paths.js";
import { FileKeyStore } from "../electron/services/local-api/api-key.js";
import { LocalApiService } from "../electron/services/local-api/local-api-service.js";

const USAGE = "usage: npm run serve -- --model FILE [--port N] [--data-dir DIR]";

function fail(message: string, code = 2): never {
  console.error(`serve: ${message}`);
  process.exit(code);
}

let values: { model?: string; port?: string; "data-dir"?: string };
try {
  ({ values } = parseArgs({
    options: { model: { type: "string" }, port: { type: "string" }, "data-dir": { type: "string" } },
  }));
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
if (!values.model) fail(`--model FILE is required (a .gguf file)\n${USAGE}`);
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && (!Number.isInteger(port) || port < 1024 || port > 65_535))
  fail(`--port must be a whole number from 1024 to 65535, not "${values.port}"`);

const dataDir = path.resolve(values["data-dir"] ?? defaultUserDataDir());
const log = (line: string) => console.error(line);
const engine = new EngineClient({ spawn: spawnNodeEngine, log });
let api: LocalApiService | null = null;
let closing = false;

async function shutdown(code: number): Promise<void> {
  if (closing) return;
  closing = true;
  await api?.close();
  await engine.dispose();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  await engine.start();
  const model = path.resolve(values.model);
  await engine.load(model);
  const keys = new FileKeyStore(path.join(dataDir, "local-api-key"));
  api = await LocalApiService.open({
    dataDir,
    engine,
    keys,
    readyModels: async () => [model],
    forceEnabled: true,
    port,
    log,
  });
  const status = api.status();
  if (!status.url) throw new Error(status.error ?? "the API could not start");
  console.log(`Inkstone API at ${status.url} · key in ${keys.location}`);
} catch (error) {
  console.error(`serve: ${(error as Error).message}`);
  await shutdown(1);
}
