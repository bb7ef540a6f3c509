/**
 * A remote engine answering a conversation: each answer a streamed chat completion, steered as
 * the local engine's (loops, answer now, the thinking budget: remote-steering.ts); the context
 * a request gets from the server (its /props or model list, asked once), else the engine's
 * setting; tokens counted by the server's /tokenize where it has one (llama-server), else
 * estimated (no tokenizer for every server's model is reachable from here).
 */
import type { EngineChoice } from "../../shared/remote-engine-schemas.js";
import type { AnsweringEngine } from "../chat/answering-engine.js";
import type { NetworkGuard } from "../network/network-guard.js";
import type { EngineRegistry } from "./engine-registry.js";
import { authHeaders, type RemoteEngineConfig, serverAddress } from "./remote-config.js";
import { readJson } from "./remote-http.js";
import { probeServer, type ServerProbe } from "./remote-probe.js";
import { type Continuation, steeredRemoteChat } from "./remote-steering.js";

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
  const probes = new Map<string, ServerProbe | null>();
  const noTokenizer = new Set<string>();
  const noPrefill = new Set<string>();
  const answerer = async (choice: NonNullable<EngineChoice>): Promise<AnsweringEngine> => {
    const config = await registry.config(choice.engineId, choice.model);
    const key = `${choice.engineId}\n${choice.model}`;
    const probe = async () => {
      if (!probes.has(key)) probes.set(key, await probeServer(config, { guard }).catch(() => null));
      return probes.get(key) ?? null;
    };
    const contextSize = async () => (await probe())?.contextLength ?? config.contextLength ?? FALLBACK_CONTEXT;
    const countTokens = async (text: string) => {
      const counted = noTokenizer.has(key) ? null : await serverTokenCount(config, text, guard);
      if (counted === null) noTokenizer.add(key);
      return counted ?? estimateTokens(text);
    };
    // llama-server continues an assistant message sent last; the others are asked for the answer
    const continuation = async (): Promise<Continuation> =>
      !noPrefill.has(key) && (config.preset === "llama-server" || (await probe())?.llamaServer) ? "prefill" : "ask";
    const target = { config, guard, contextSize, countTokens, continuation, prefillRefused: () => noPrefill.add(key) };
    return {
      engine: serverAddress(config.url).host,
      model: () => config.model || null,
      contextSize,
      countTokens,
      generate: (history, settings, onEvent, signal, steering) =>
        steeredRemoteChat(target, history, settings, onEvent, signal, steering),
    };
  };
  /** Forgets what the servers said (after an engine is changed or tested). */
  const forget = () => {
    probes.clear();
    noTokenizer.clear();
    noPrefill.clear();
  };
  return { answerer, forget };
}
