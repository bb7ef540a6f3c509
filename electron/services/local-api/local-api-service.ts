/**
 * The local API as the app sees it: its settings (`local-api.json` in the data folder), its key,
 * its request log, and the server, started and stopped as the settings say. Off by default.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  type ApiLogEntry,
  defaultLocalApiSettings,
  type LocalApiSettings,
  type LocalApiStatus,
  localApiSettingsSchema,
} from "../../shared/local-api-schemas.js";
import { type KeyStore, loadOrCreateKey, newApiKey } from "./api-key.js";
import type { ApiQueue } from "./api-queue.js";
import { type ApiServer, startApiServer } from "./api-server.js";
import type { ApiEngine } from "./completions.js";
import { RequestLog } from "./request-log.js";

export interface LocalApiServiceOptions {
  dataDir: string;
  engine: ApiEngine;
  keys: KeyStore;
  /** Paths (or names) of the model files that are ready to load. */
  readyModels(): Promise<string[]>;
  onStatus?(status: LocalApiStatus): void;
  log?(line: string): void;
  /** Serve whatever the settings say (headless `npm run serve`). */
  forceEnabled?: boolean;
  /** A port for this run only (headless `--port`). */
  port?: number;
  queue?: ApiQueue;
}

async function readSettings(file: string): Promise<LocalApiSettings> {
  try {
    const text = await readFile(file, "utf8");
    if (text.length > 64 * 1024) return defaultLocalApiSettings;
    const parsed = localApiSettingsSchema.partial().safeParse(JSON.parse(text));
    return { ...defaultLocalApiSettings, ...(parsed.success ? parsed.data : {}) };
  } catch {
    return defaultLocalApiSettings;
  }
}

export class LocalApiService {
  private settings: LocalApiSettings = defaultLocalApiSettings;
  private key = "";
  private server: ApiServer | null = null;
  private error: string | null = null;
  private readonly requests: RequestLog;
  private readonly settingsFile: string;
  /** Settings changes apply one after another. */
  private applying: Promise<unknown> = Promise.resolve();

  private constructor(private readonly options: LocalApiServiceOptions) {
    this.settingsFile = path.join(options.dataDir, "local-api.json");
    this.requests = new RequestLog(path.join(options.dataDir, "local-api-log.jsonl"));
  }

  static async open(options: LocalApiServiceOptions): Promise<LocalApiService> {
    await mkdir(options.dataDir, { recursive: true });
    const service = new LocalApiService(options);
    service.settings = await readSettings(service.settingsFile);
    await service.requests.load();
    try {
      service.key = await loadOrCreateKey(options.keys);
    } catch (error) {
      // the API still works this session; the key changes at the next start
      service.key = newApiKey();
      options.log?.(`[local-api] the key could not be stored: ${(error as Error).message}`);
    }
    await service.apply();
    return service;
  }

  status(): LocalApiStatus {
    return {
      settings: this.settings,
      url: this.server?.url ?? null,
      port: this.server?.port ?? null,
      key: this.key,
      keyLocation: this.options.keys.location,
      error: this.error,
    };
  }

  log(limit?: number): ApiLogEntry[] {
    return this.requests.list(limit);
  }

  get logFile(): string {
    return this.requests.file;
  }

  async update(patch: Partial<LocalApiSettings>): Promise<LocalApiStatus> {
    const next = localApiSettingsSchema.parse({ ...this.settings, ...patch });
    const restart = next.enabled !== this.settings.enabled || next.port !== this.settings.port;
    this.settings = next;
    await this.saveSettings();
    if (restart) await this.apply();
    else this.announce();
    return this.status();
  }

  /** A new key; the old one stops working at once. */
  async regenerateKey(): Promise<LocalApiStatus> {
    const key = newApiKey();
    await this.options.keys.write(key);
    this.key = key;
    this.announce();
    return this.status();
  }

  async close(): Promise<void> {
    await this.applying;
    await this.server?.close();
    this.server = null;
    await this.requests.flush();
  }

  private announce(): void {
    this.options.onStatus?.(this.status());
  }

  private async saveSettings(): Promise<void> {
    const temp = `${this.settingsFile}.${randomBytes(4).toString("hex")}.tmp`;
    await writeFile(temp, JSON.stringify(this.settings, null, 2));
    await rename(temp, this.settingsFile).catch(async (error: unknown) => {
      await rm(temp, { force: true });
      throw error;
    });
  }

  /** Starts, stops or moves the server to match the settings. */
  private apply(): Promise<void> {
    const run = this.applying.then(async () => {
      await this.server?.close();
      this.server = null;
      this.error = null;
      if (!this.settings.enabled && !this.options.forceEnabled) return;
      try {
        this.server = await startApiServer(
          {
            engine: this.options.engine,
            config: () => ({
              key: this.key,
              allowedOrigins: this.settings.allowedOrigins,
              reasoningFormat: this.settings.reasoningFormat,
              logContent: this.settings.logContent,
            }),
            readyModels: this.options.readyModels,
            log: (entry) => this.requests.add(entry),
            queue: this.options.queue,
          },
          this.options.port ?? this.settings.port,
        );
        this.options.log?.(`[local-api] listening at ${this.server.url}`);
      } catch (error) {
        const message = (error as Error).message;
        this.error = /all taken/.test(message) ? `${message} / 这些端口都已被占用：请换一个端口。` : message;
        this.options.log?.(`[local-api] ${message}`);
      }
    });
    this.applying = run.catch(() => {});
    return run.finally(() => this.announce());
  }
}
