/**
 * Test connection: is the server there (health), does it take the key, which models does it
 * serve, and how long a context it gives each request (llama-server's /props, or the model
 * list's `max_model_len` / `context_length` as vLLM, SGLang and LM Studio send them).
 * Each failure is named as for a chat request (refused, timeout, 401, unknown model, TLS…).
 */
import type { NetworkGuard } from "../network/network-guard.js";
import { authHeaders, type RemoteEngineConfig, type ServerAddress, serverAddress } from "./remote-config.js";
import { connectionFault, remoteFault } from "./remote-fault.js";
import { httpFault, readJson } from "./remote-http.js";

export interface RemoteModel {
  id: string;
  /** The context a request gets, when the server says (null: unknown). */
  contextLength: number | null;
}

export interface ServerProbe {
  host: string;
  base: string;
  /** "ok", "loading" (503 from /health: llama-server loading its model), or "absent" (no /health). */
  health: "ok" | "loading" | "absent";
  models: RemoteModel[];
  /** The model requests will use: the configured one, else the server's first. */
  model: string;
  /** The context a request gets: /props first, else the model list's figure for that model. */
  contextLength: number | null;
  /** It answered /props as llama-server does (which continues an assistant message sent last). */
  llamaServer: boolean;
  elapsedMs: number;
}

const MAX_MODELS = 500;

const positive = (value: unknown): number | null =>
  typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;

function modelsOf(json: unknown): RemoteModel[] {
  const list =
    (json as { data?: unknown; models?: unknown } | null)?.data ?? (json as { models?: unknown } | null)?.models;
  if (!Array.isArray(list)) return [];
  return list.slice(0, MAX_MODELS).flatMap((entry) => {
    const item = entry as {
      id?: unknown;
      name?: unknown;
      max_model_len?: unknown;
      context_length?: unknown;
      max_context_length?: unknown;
    };
    const id = typeof item.id === "string" ? item.id : typeof item.name === "string" ? item.name : null;
    if (!id) return [];
    const contextLength =
      positive(item.max_model_len) ?? positive(item.context_length) ?? positive(item.max_context_length);
    return [{ id: id.slice(0, 300), contextLength }];
  });
}

/** llama-server's context per request: /props' `default_generation_settings.n_ctx` (or a top-level `n_ctx`). */
function propsContext(json: unknown): number | null {
  const props = json as { n_ctx?: unknown; default_generation_settings?: { n_ctx?: unknown } } | null;
  return positive(props?.default_generation_settings?.n_ctx) ?? positive(props?.n_ctx);
}

async function get(
  address: ServerAddress,
  url: string,
  config: RemoteEngineConfig,
  signal: AbortSignal,
): Promise<Response> {
  try {
    return await fetch(url, { headers: { accept: "application/json", ...authHeaders(config) }, signal });
  } catch (error) {
    if (signal.aborted)
      throw remoteFault("timeout", {
        host: address.host,
        seconds: Math.round((config.responseTimeoutMs ?? 10_000) / 1000),
      });
    throw connectionFault(error, address.host);
  }
}

export async function probeServer(
  config: RemoteEngineConfig,
  options: { guard?: NetworkGuard; signal?: AbortSignal } = {},
): Promise<ServerProbe> {
  const address = serverAddress(config.url);
  const started = performance.now();
  const timeout = AbortSignal.timeout(config.responseTimeoutMs ?? 10_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const release = options.guard?.allow(address.hostname, `remote engine ${address.host} (Test connection)`);
  try {
    const healthReply = await get(address, `${address.origin}/health`, config, signal);
    if (healthReply.status === 401) throw remoteFault("unauthorized", { host: address.host });
    if (healthReply.status === 403) throw remoteFault("forbidden", { host: address.host });
    await healthReply.body?.cancel().catch(() => {});
    const health = healthReply.ok ? "ok" : healthReply.status === 503 ? "loading" : "absent";
    const modelsReply = await get(address, `${address.base}/models`, config, signal);
    if (!modelsReply.ok) throw await httpFault(modelsReply, address, config.model, "/models");
    const models = modelsOf(await readJson(modelsReply));
    if (config.model && models.length > 0 && !models.some((m) => m.id === config.model))
      throw remoteFault("unknown_model", { host: address.host, model: config.model });
    const model = config.model || models[0]?.id || "";
    const propsReply = await get(address, `${address.origin}/props`, config, signal);
    const fromProps = propsReply.ok ? propsContext(await readJson(propsReply)) : null;
    if (!propsReply.ok) await propsReply.body?.cancel().catch(() => {});
    const contextLength = fromProps ?? models.find((m) => m.id === model)?.contextLength ?? null;
    return {
      host: address.host,
      base: address.base,
      health,
      models,
      model,
      contextLength,
      llamaServer: fromProps !== null,
      elapsedMs: performance.now() - started,
    };
  } finally {
    release?.();
  }
}
