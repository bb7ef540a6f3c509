/**
 * A remote engine answering a conversation: each answer one streamed chat completion; the context
 * a request gets from the server (its /props or model list, asked once), else the engine's
 * setting; tokens counted by the server's /tokenize where it has one (llama-server), else
 * estimated (no tokenizer for every server's model is reachable from here).
 */
import type { EngineChoice } from "../../shared/remote-engine-schemas.js";
import type { AnsweringEngine } from "../chat/answering-engine.js";
import type { NetworkGuard } from "../network/network-guard.js";
import type { EngineRegistry } from "./engine-registry.js";
import { streamRemoteChat } from "./remote-chat.js";
import { authHeaders, type RemoteEngineConfig, serverAddress } from "./remote-config.js";
import { readJson } from "./remote-http.js";
import { probeServer } from "./remote-probe.js";

/** Used when neither the server nor the engine's setting gives a context length. */
export const FALLBACK_CONTEXT = 4096;

/** A rough count: one token per CJK character, one per 3.5 other characters (Qwen's tokenizer averages more). */
export function estimateTokens(text: string): number {
  const cjk = text.match(/[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/g)?.length ?? 0;
  return cjk + Math.ceil((text.length - cjk) / 3.5);
}

/** Asks llama-server's /tokenize; null where the server has none (then the count is estimated). */
async function serverTokenCount(
  config: RemoteEngineConfig,
  text: string,
  guard?: NetworkGuard,
): Promise<number | null> {
  const address = serverAddress(config.url);
  const release = guard?.allow(address.hostname, `remote engine ${address.host} (counting a document's tokens)`);
  try {
    const reply = await fetch(`${address.origin}/tokenize`, {
      method: "POST",
      headers: { "content-type": "application/json", ...authHeaders(config) },
      body: JSON.stringify({ content: text }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!reply.ok) {
      await reply.body?.cancel().catch(() => {});
      return null;
    }
    const tokens = ((await readJson(reply, 16 << 20)) as { tokens?: unknown } | null)?.tokens;
    return Array.isArray(tokens) ? tokens.length : null;
  } catch {
    return null;
  } finally {
    release?.();
  }
}

/** The remote answerers for the chat service; what each server said about itself is kept for the session. */
export function remoteAnswerers(registry: EngineRegistry, guard?: NetworkGuard) {
  const contexts = new Map<string, number | null>();
  const noTokenizer = new Set<string>();
  const answerer = async (choice: NonNullable<EngineChoice>): Promise<AnsweringEngine> => {
    const config = await registry.config(choice.engineId, choice.model);
    const key = `${choice.engineId}\n${choice.model}`;
    return {
      engine: serverAddress(config.url).host,
      model: () => config.model || null,
      contextSize: async () => {
        if (!contexts.has(key)) {
          const probe = await probeServer(config, { guard }).catch(() => null);
          contexts.set(key, probe?.contextLength ?? null);
        }
        return contexts.get(key) ?? config.contextLength ?? FALLBACK_CONTEXT;
      },
      countTokens: async (text) => {
        const counted = noTokenizer.has(key) ? null : await serverTokenCount(config, text, guard);
        if (counted === null) noTokenizer.add(key);
        return counted ?? estimateTokens(text);
      },
      generate: (history, settings, onEvent, signal) =>
        streamRemoteChat(config, history, settings, onEvent, signal, { guard }),
    };
  };
  /** Forgets what the servers said (after an engine is changed or tested). */
  const forget = () => {
    contexts.clear();
    noTokenizer.clear();
  };
  return { answerer, forget };
}
