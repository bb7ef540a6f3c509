/**
 * Builds the main-process services (plain Node modules, no `electron` import) and the router that
 * serves them. Both the Electron main process and web mode start the app through here.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { ChatService } from "../services/chat/chat-service.js";
import { EngineClient } from "../services/engine/engine-client.js";
import type { EngineProcess } from "../services/engine/engine-protocol.js";
import { spawnNodeEngine } from "../services/engine/node-engine-process.js";
import { HistoryStore } from "../services/history/history-store.js";
import { ModelsFolder } from "../services/models/models-folder.js";
import { SettingsStore } from "../services/settings/settings-store.js";
import { type Contract, contract } from "../shared/contract.js";
import type { Backend } from "../shared/engine-schemas.js";
import { createHandlers } from "./handlers.js";
import { Notifier } from "./notifier.js";
import { Router } from "./router.js";

export interface AppOptions {
  dataDir: string;
  mode: "electron" | "web";
  version: string;
  log?: (line: string) => void;
  /** How to start the engine process: utilityProcess in Electron, a Node child process otherwise. */
  spawnEngine?: () => EngineProcess;
  backend?: Backend;
  modelsDir?: string;
}

export interface AppServices {
  options: AppOptions;
  settings: SettingsStore;
  notifier: Notifier;
  store: HistoryStore;
  engine: EngineClient;
  chat: ChatService;
  models: ModelsFolder;
  router: Router<Contract>;
  close(): Promise<void>;
}

export async function createAppServices(options: AppOptions): Promise<AppServices> {
  await mkdir(options.dataDir, { recursive: true });
  const log = options.log ?? (() => {});
  const settings = new SettingsStore(options.dataDir);
  await settings.load();
  const notifier = new Notifier();
  const store = HistoryStore.open(options.dataDir);
  if (store.notice) log(`[history] ${store.notice}`);
  const engine = new EngineClient({
    spawn: options.spawnEngine ?? spawnNodeEngine,
    backend: options.backend ?? "auto",
    onStatus: (status) => notifier.notify("engine.status", status),
    log,
  });
  engine.start().catch((error: unknown) => log(`[engine] failed to start: ${(error as Error).message}`));
  const chat = new ChatService(store, engine);
  const models = new ModelsFolder(options.modelsDir ?? path.join(options.dataDir, "models"));
  const deps = { options, settings, notifier, store, engine, chat, models };
  const router = new Router(contract, createHandlers(deps), {
    onError: (channel, error) => log(`[ipc] ${channel}: ${error.code}: ${error.message}`),
  });
  return {
    ...deps,
    router,
    async close() {
      await engine.dispose();
      store.close();
    },
  };
}
