/**
 * HTTP with a remote engine: bounded reads of what it sends, its refusals named (401, 403, an
 * unknown model, a wrong path), and the waits between tries when it is busy or loading.
 */
import type { InkstoneError } from "../../shared/contract-kit.js";
import type { ServerAddress } from "./remote-config.js";
import { remoteFault, shortText } from "./remote-fault.js";

/** Most of a non-streamed reply (an error, the model list, /props) Inkstone reads. */
export const MAX_JSON_BYTES = 1 << 20;

/** The body as text, at most `max` bytes (the rest is not read). */
export async function readBounded(response: Response, max = MAX_JSON_BYTES): Promise<string> {
  if (!response.body) return "";
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value.subarray(0, Math.max(0, max - size)));
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(parts).toString("utf8");
}

/** The JSON body, or null when it is not JSON (bounded like readBounded). */
export async function readJson(response: Response, max = MAX_JSON_BYTES): Promise<unknown> {
  const text = await readBounded(response, max);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** What the server said went wrong: `{"error": {"message"}}`, `{"error": "…"}`, `{"message"}` or the text. */
export function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown; detail?: unknown };
    const error = parsed.error as { message?: unknown } | string | undefined;
    const message =
      typeof error === "string"
        ? error
        : typeof error?.message === "string"
          ? error.message
          : (parsed.message ?? parsed.detail);
    if (typeof message === "string") return shortText(message);
  } catch {
    // not JSON: the text itself
  }
  return shortText(body) || "(no explanation)";
}

const UNKNOWN_MODEL =
  /model\b.*\b(not found|does not exist|doesn't exist|not exist|unknown|no such|not loaded|invalid)|unknown model|no model/i;

/** A refusal named: 401, 403, an unknown model, a path the server does not have, or the status and its text. */
export async function httpFault(
  response: Response,
  address: ServerAddress,
  model: string,
  path: string,
): Promise<InkstoneError> {
  const body = await readBounded(response, 64 * 1024).catch(() => "");
  const status = response.status;
  const host = address.host;
  const detail = errorText(body);
  if (status === 401) return remoteFault("unauthorized", { host });
  if (status === 403) return remoteFault("forbidden", { host });
  if ((status === 404 || status === 400 || status === 422) && UNKNOWN_MODEL.test(detail))
    return remoteFault("unknown_model", { host, model: model || "(none)" });
  if (status === 404) return remoteFault("not_found", { host, path });
  return remoteFault("http_error", { host, status, detail });
}

/** A busy or loading server: 429 Too Many Requests or 503 Service Unavailable. */
export const isRetryable = (status: number) => status === 429 || status === 503;

/** How long to wait before try `attempt + 1`: the server's Retry-After (seconds, up to 30), else doubling. */
export function retryDelayMs(response: Response, attempt: number, baseMs: number): number {
  const header = Number(response.headers.get("retry-after"));
  if (Number.isFinite(header) && header >= 0) return Math.min(header, 30) * 1000;
  return Math.min(baseMs * 2 ** (attempt - 1), 30_000);
}

/** Waits `ms`, or less when `signal` aborts (it resolves either way; the caller checks). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
