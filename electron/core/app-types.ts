/** The shapes of the main-process app: its options and the services handlers use (apart, so handlers and the builder do not import each other). */
import type { ChatService } from "../services/chat/chat-service.js";
import type { CollectionService } from "../services/collections/collection-service.js";
import type { AttachmentStore } from "../services/documents/attachment-store.js";
import type { DocumentService } from "../services/documents/document-service.js";
import type { EngineClient } from "../services/engine/engine-client.js";
import type { EngineProcess } from "../services/engine/engine-protocol.js";
import type { RunStore } from "../services/evaluate/run-store.js";
import type { SuiteLibrary } from "../services/evaluate/suites.js";
import type { HistoryStore } from "../services/history/history-store.js";
import type { LocalApiService } from "../services/local-api/local-api-service.js";
import type { ModelManager } from "../services/models/model-manager.js";
import type { ModelsFolder } from "../services/models/models-folder.js";
import type { NetworkGuard } from "../services/network/network-guard.js";
import type { EngineRegistry } from "../services/remote-engine/engine-registry.js";
import type { SpawnSandboxProcess } from "../services/sandbox/sandbox-host.js";
import type { SecretStore } from "../services/secrets/secret-store.js";
import type { SettingsStore } from "../services/settings/settings-store.js";
import type { UploadStore } from "../services/uploads/upload-store.js";
import type { Contract } from "../shared/contract/index.js";
import type { Backend } from "../shared/engine-schemas.js";
import type { Notifier } from "./notifier.js";
import type { Router } from "./router.js";

/** Dialogs only the desktop app has (electron/main/desktop-dialogs.ts); absent in web mode. */
export interface DesktopDialogs {
  /** The path of a model file the user chose, or null when they cancelled. */
  pickModelFile(): Promise<string | null>;
  /** Prints the window as it is now to a PDF the user names; its path, or null when they cancelled. */
  savePdf(filename: string): Promise<string | null>;
}

export interface AppOptions {
  dataDir: string;
  mode: "electron" | "web";
  version: string;
  log?: (line: string) => void;
  /** How to start the engine process: utilityProcess in Electron, a Node child process otherwise. */
  spawnEngine?: () => EngineProcess;
  /** How to start the sandbox's host processes: utilityProcess in Electron, a Node child process otherwise. */
  spawnSandbox?: SpawnSandboxProcess;
  /** Where secrets go: the OS keychain in Electron; none in web mode. */
  secrets?: SecretStore;
  /** The process's network guard (the entry point installs it on every socket). */
  network?: NetworkGuard;
  backend?: Backend;
  /** The desktop app's file dialogs (none in web mode: the renderer types a path or uses the browser's print). */
  desktop?: DesktopDialogs;
  modelsDir?: string;
}

/** What the handlers work with. */
export interface ServiceDeps {
  options: AppOptions;
  settings: SettingsStore;
  notifier: Notifier;
  store: HistoryStore;
  engine: EngineClient;
  chat: ChatService;
  models: ModelsFolder;
  modelManager: ModelManager;
  network: NetworkGuard;
  suites: SuiteLibrary;
  runs: RunStore;
  secrets: SecretStore;
  attachments: AttachmentStore;
  documents: DocumentService;
  localApi: LocalApiService;
  collections: CollectionService;
  /** The remote engines the user added (Settings → Engines); none until they add one. */
  remoteEngines: EngineRegistry;
  /** Forgets what servers said about themselves (context length, tokenizer) after an engine changes. */
  forgetRemoteFacts: () => void;
  uploads: UploadStore;
}

export interface AppServices extends ServiceDeps {
  router: Router<Contract>;
  close(): Promise<void>;
}
