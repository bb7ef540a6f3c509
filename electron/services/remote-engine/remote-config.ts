/** A remote engine as the user described it: where it is, which model, how long to wait. */
import type { EnginePresetId } from "../../shared/engine-presets.js";
import { remoteFault } from "./remote-fault.js";

export interface RemoteEngineConfig {
  /** The server's address as typed: `http://host:8080` or its OpenAI base `http://host:8080/v1`. */
  url: string;
  /** The model to ask for; empty: the server's first (llama-server serves one and ignores the name). */
  model: string;
  apiKey?: string | null;
  /** How long to wait for the answer to start (and for the next event once it has). */
  responseTimeoutMs?: number;
  /** Tries for 429/503 (busy, loading) before giving up. */
  maxTries?: number;
  /** The first wait before a retry; doubled each time (a Retry-After header wins, up to 30 s). */
  retryBaseMs?: number;
  /** Which kind of server the user said it is (how "answer now" continues a cut thought depends on it). */
  preset?: EnginePresetId;
}

export const DEFAULT_RESPONSE_TIMEOUT_MS = 120_000;

export interface ServerAddress {
  /** The OpenAI-compatible base, `…/v1`: chat/completions and models live under it. */
  base: string;
  /** The server's root: llama-server's /health, /props and /tokenize live there. */
  origin: string;
  /** host[:port], as the messages name it. */
  host: string;
  /** What the network guard grants. */
  hostname: string;
}

/** Reads the address the user typed; a bare server address gets `/v1`. */
export function serverAddress(url: string): ServerAddress {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw remoteFault("invalid_url", { url: url.slice(0, 200) });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw remoteFault("invalid_url", { url: url.slice(0, 200) });
  const path = parsed.pathname.replace(/\/+$/, "");
  const base = `${parsed.origin}${path === "" ? "/v1" : path}`;
  return { base, origin: parsed.origin, host: parsed.host, hostname: parsed.hostname.replace(/^\[|\]$/g, "") };
}

export function authHeaders(config: Pick<RemoteEngineConfig, "apiKey">): Record<string, string> {
  return config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {};
}
