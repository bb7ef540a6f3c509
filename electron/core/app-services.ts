/**
 * Builds the main-process services (plain Node modules, no `electron` import) and the router that
 * serves them. Both the Electron main process and web mode start the app through here.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { ChatService } from "../services/chat/chat-service.js";
import { CollectionService } from "../services/collections/collection-service.js";
import { AttachmentStore } from "../services/documents/attachment-store.js";
import { DocumentService } from "../services/documents/document-service.js";
import { EngineClient } from "../services/engine/engine-client.js";
import { spawnNodeEngine } from "../services/engine/node-engine-process.js";
import { RunStore } from "../services/evaluate/run-store.js";
import { SuiteLibrary } from "../services/evaluate/suites.js";
import { HistoryStore } from "../services/history/history-store.js";
import { FileKeyStore, SecretKeyStore } from "../services/local-api/api-key.js";
import { LocalApiService } from "../services/local-api/local-api-service.js";
import { loadCatalog } from "../services/models/catalog.js";
import { ModelManager } from "../services/models/model-manager.js";
import { ModelsFolder } from "../services/models/models-folder.js";
import { NetworkGuard } from "../services/network/network-guard.js";
import { EngineRegistry } from "../services/remote-engine/engine-registry.js";
import { remoteAnswerers } from "../services/remote-engine/remote-answerer.js";
import { closeSharedSandbox, sharedSandbox } from "../services/sandbox/sandbox.js";
import { UnavailableSecretStore } from "../services/secrets/secret-store.js";
import { SettingsStore } from "../services/settings/settings-store.js";
import { UploadStore } from "../services/uploads/upload-store.js";
import { contract } from "../shared/contract/index.js";
import type { AppOptions, AppServices } from "./app-types.js";
import { createHandlers } from "./handlers/index.js";
import { Notifier } from "./notifier.js";
import { Router } from "./router.js";

export type { AppOptions, AppServices } from "./app-types.js";

export async function createAppServices(options: AppOptions): Promise<AppServices> {
  await mkdir(options.dataDir, { recursive: true });
  const log = options.log ?? (() => {});
  const settings = new SettingsStore(options.dataDir);
  await settings.load();
  const notifier = new Notifier();
  sharedSandbox(options.spawnSandbox);
  const network = options.network ?? new NetworkGuard();
  network.subscribe((status) => notifier.notify("network.status", status));
  const store = HistoryStore.open(options.dataDir);
  if (store.notice) log(`[history] ${store.notice}`);
  const engine = new EngineClient({
    spawn: options.spawnEngine ?? spawnNodeEngine,
    backend: options.backend ?? "auto",
    onStatus: (status) => notifier.notify("engine.status", status),
    log,
  });
  const models = new ModelsFolder(
    options.modelsDir ?? settings.get().modelsDir ?? path.join(options.dataDir, "models"),
  );
  const lastModel = settings.get().lastModel;
  engine
    .start()
    .then(async () => {
      // reopen with the model the user last loaded, if it is still there
      if (!lastModel) return;
      const file = path.join(models.dir, path.basename(lastModel));
      if (existsSync(file) && engine.status().model === null) await engine.load(file);
    })
    .catch((error: unknown) => log(`[engine] ${(error as Error).message}`));
  const attachments = new AttachmentStore(path.join(options.dataDir, "attachments"));
  const collections = new CollectionService({
    dir: path.join(options.dataDir, "collections"),
    cacheDir: path.join(options.dataDir, "cache"),
    watch: true,
    onProgress: (progress) => notifier.notify("collections.progress", progress),
  });
  // every collection's folder is watched while the app runs; what changed while it was closed is found on open
  collections.watchAll().catch((error: unknown) => log(`[collections] ${(error as Error).message}`));
  const secrets = options.secrets ?? new UnavailableSecretStore();
  const remoteEngines = new EngineRegistry(options.dataDir, secrets);
  await remoteEngines.load();
  const remote = remoteAnswerers(remoteEngines, network);
  const chat = new ChatService(store, engine, 1000, attachments, collections, remote.answerer);
  const documents = new DocumentService(attachments, path.join(options.dataDir, "cache"));
  let lastChange = 0;
  const modelManager = new ModelManager({
    catalog: loadCatalog(),
    folder: models,
    get mirrorBase() {
      return settings.get().mirrorBase ?? undefined;
    },
    gpuFreeBytes: () => engine.status().gpu?.vram?.free ?? null,
    network,
    onChange: () => {
      const now = Date.now();
      if (now - lastChange < 250) return;
      lastChange = now;
      notifier.notify("models.changed", {});
    },
  });
  const uploads = await UploadStore.open({ dir: path.join(options.dataDir, "cache", "uploads") });
  const suites = new SuiteLibrary(path.join(options.dataDir, "suites"));
  const runs = new RunStore(path.join(options.dataDir, "evaluations"));
  // off by default; its key lives with the OS keychain in the desktop app, else in a 0600 file
  const localApi = await LocalApiService.open({
    dataDir: options.dataDir,
    engine,
    keys: secrets.available
      ? new SecretKeyStore(secrets)
      : new FileKeyStore(path.join(options.dataDir, "local-api-key")),
    readyModels: async () => (await models.list()).map((file) => file.path),
    onStatus: (status) => notifier.notify("localApi.status", status),
    log,
  });
  const deps = {
    options,
    settings,
    notifier,
    store,
    engine,
    chat,
    models,
    modelManager,
    network,
    suites,
    runs,
    secrets,
    attachments,
    documents,
    localApi,
    collections,
    remoteEngines,
    forgetRemoteFacts: remote.forget,
    uploads,
  };
  const router = new Router(contract, createHandlers(deps), {
    onError: (channel, error) => log(`[ipc] ${channel}: ${error.code}: ${error.message}`),
  });
  return {
    ...deps,
    router,
    async close() {
      await localApi.close();
      await engine.dispose();
      closeSharedSandbox();
      await collections.close();
      await uploads.close();
      store.close();
    },
  };
}
