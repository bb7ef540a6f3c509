/**
 * Builds the main-process services (plain Node modules, no `electron` import) and the router that
 * serves them. Both the Electron main process and web mode start the app through here.
 */
import { mkdir } from "node:fs/promises";
import { SettingsStore } from "../services/settings/settings-store.js";
import { type Contract, contract } from "../shared/contract.js";
import { createHandlers } from "./handlers.js";
import { Notifier } from "./notifier.js";
import { Router } from "./router.js";

export interface AppOptions {
  dataDir: string;
  mode: "electron" | "web";
  version: string;
  log?: (line: string) => void;
}

export interface AppServices {
  options: AppOptions;
  settings: SettingsStore;
  notifier: Notifier;
  router: Router<Contract>;
  close(): Promise<void>;
}

export async function createAppServices(options: AppOptions): Promise<AppServices> {
  await mkdir(options.dataDir, { recursive: true });
  const settings = new SettingsStore(options.dataDir);
  await settings.load();
  const notifier = new Notifier();
  const partial = { options, settings, notifier };
  const router = new Router(contract, createHandlers(partial), {
    onError: (channel, error) => options.log?.(`[ipc] ${channel}: ${error.code}: ${error.message}`),
  });
  return {
    ...partial,
    router,
    async close() {},
  };
}
