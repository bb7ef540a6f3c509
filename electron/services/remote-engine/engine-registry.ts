/**
 * The remote engines the user added (Settings → Engines), in `<dataDir>/remote-engines.json`.
 * None exists until the user adds one. A server's API key never goes into that file: it is kept
 * with the OS keychain, or, where there is none (web mode), only in memory for this launch, so it
 * is asked for again at the next one.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { z } from "zod";
import { InkstoneError } from "../../shared/contract-kit.js";
import {
  type RemoteEngine,
  type RemoteEngineInput,
  remoteEngineInputSchema,
  remoteEngineSchema,
} from "../../shared/remote-engine-schemas.js";
import { readJsonFile, writeFileAtomic } from "../fs/atomic-file.js";
import type { SecretStore } from "../secrets/secret-store.js";
import type { RemoteEngineConfig } from "./remote-config.js";
import { serverAddress } from "./remote-config.js";

const storedSchema = z.array(remoteEngineSchema.omit({ key: true, host: true }));
type Stored = z.infer<typeof storedSchema>[number];

const MAX_ENGINES = 50;

export class EngineRegistry {
  private engines: Stored[] = [];
  private readonly sessionKeys = new Map<string, string>();
  private readonly file: string;

  constructor(
    dataDir: string,
    private readonly secrets: SecretStore,
  ) {
    this.file = path.join(dataDir, "remote-engines.json");
  }

  async load(): Promise<void> {
    const parsed = storedSchema.safeParse(await readJsonFile(this.file));
    this.engines = parsed.success ? parsed.data : [];
  }

  private secretName = (id: string) => `remote-engine:${id}`;

  private async keyOf(id: string): Promise<string | null> {
    return this.sessionKeys.get(id) ?? (this.secrets.available ? await this.secrets.get(this.secretName(id)) : null);
  }

  private async view(engine: Stored): Promise<RemoteEngine> {
    const inSession = this.sessionKeys.has(engine.id);
    const kept = !inSession && this.secrets.available && (await this.secrets.get(this.secretName(engine.id))) !== null;
    const key = inSession ? "session" : kept ? "keychain" : engine.usesKey ? "missing" : "none";
    return { ...engine, key, host: serverAddress(engine.url).host };
  }

  async list(): Promise<RemoteEngine[]> {
    return Promise.all(this.engines.map((e) => this.view(e)));
  }

  async get(id: string): Promise<RemoteEngine> {
    const engine = this.engines.find((e) => e.id === id);
    if (!engine)
      throw new InkstoneError("not_found", {
        en: "That engine is no longer in Settings → Engines.",
        zh: "这个引擎已不在设置 → 引擎中。",
      });
    return this.view(engine);
  }

  /** Adds or changes an engine; a key given is kept (keychain or this launch), null forgets it. */
  async save(input: RemoteEngineInput): Promise<RemoteEngine> {
    const parsed = remoteEngineInputSchema.parse(input);
    serverAddress(parsed.url); // refuses what is not an http(s) address, with the named fault
    const existing = parsed.id ? this.engines.find((e) => e.id === parsed.id) : undefined;
    if (parsed.id && !existing)
      throw new InkstoneError("not_found", {
        en: "That engine is no longer in Settings → Engines.",
        zh: "这个引擎已不在设置 → 引擎中。",
      });
    if (!existing && this.engines.length >= MAX_ENGINES)
      throw new InkstoneError("invalid_request", {
        en: `At most ${MAX_ENGINES} engines can be added.`,
        zh: `最多只能添加 ${MAX_ENGINES} 个引擎。`,
      });
    const id = existing?.id ?? randomUUID();
    const { apiKey, ...fields } = parsed;
    const usesKey = apiKey === undefined ? (existing?.usesKey ?? false) : apiKey !== null && apiKey !== "";
    const stored: Stored = { ...fields, id, usesKey };
    if (apiKey !== undefined) await this.keepKey(id, apiKey || null);
    this.engines = existing ? this.engines.map((e) => (e.id === id ? stored : e)) : [...this.engines, stored];
    await this.write();
    return this.view(stored);
  }

  private async keepKey(id: string, key: string | null): Promise<void> {
    this.sessionKeys.delete(id);
    if (this.secrets.available) await this.secrets.set(this.secretName(id), key);
    else if (key) this.sessionKeys.set(id, key);
  }

  async remove(id: string): Promise<void> {
    this.engines = this.engines.filter((e) => e.id !== id);
    await this.keepKey(id, null);
    await this.write();
  }

  /** What a request to the engine needs, its key included; refuses when the key is needed but not known this launch. */
  async config(id: string, model?: string): Promise<RemoteEngineConfig & { contextLength: number | null }> {
    const engine = await this.get(id);
    const apiKey = await this.keyOf(id);
    if (engine.usesKey && !apiKey)
      throw new InkstoneError("forbidden", {
        en: `Enter the API key for ${engine.name} in Settings → Engines (it is kept only for this launch here).`,
        zh: `请在设置 → 引擎中输入 ${engine.name} 的 API 密钥（在这里它只保留到本次启动结束）。`,
      });
    return {
      url: engine.url,
      preset: engine.preset,
      model: model ?? engine.model,
      apiKey,
      responseTimeoutMs: engine.responseTimeoutS * 1000,
      contextLength: engine.contextLength,
    };
  }

  private async write(): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(this.engines, null, 2));
  }
}
