/**
 * A remote engine answering a conversation: each answer a streamed chat completion, steered as
 * the local engine's (loops, answer now, the thinking budget: remote-steering.ts); the context
 * a request gets from the server (its /props or model list, asked once), else the engine's
 * setting; tokens counted by the server's /tokenize where it has one (llama-server), else
 * estimated (no tokenizer for every server's model is reachable from here). A conversation that
 * outgrows the server's context is fitted to it before it is sent (remote-context.ts).
 */
import type { EngineChoice } from "../../shared/remote-engine-schemas.js";
import type { AnsweringEngine } from "../chat/answering-engine.js";
import { concurrentAttempts } from "../chat/concurrent-attempts.js";
import type { NetworkGuard } from "../network/network-guard.js";
import type { EngineRegistry } from "./engine-registry.js";
import { authHeaders, type RemoteEngineConfig, serverAddress } from "./remote-config.js";
import { fitToContext, rememberedCount, type TokenCount } from "./remote-context.js";
import { readJson } from "./remote-http.js";
import { probeServer, type ServerProbe } from "./remote-probe.js";
import { type Continuation, steeredRemoteChat } from "./remote-steering.js";

/** Used when neither the server nor the engine's setting gives a context length. */
export const FALLBACK_CONTEXT = 4096;

/**
 * A rough count: one token per CJK character and per digit (Qwen's tokenizer splits numbers into
 * digits), one per 3.5 other characters (Qwen's tokenizer averages more).
 */
export function estimateTokens(text: string): number {
  const cjk = text.match(/[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/g)?.length ?? 0;
  const digits = text.match(/[0-9]/g)?.length ?? 0;
  return cjk + digits + Math.ceil((text.length - cjk - digits) / 3.5);
}

/** How long a chat waits for the server to say its context and model before it goes on with the fallback. */
const PROBE_FOR_CHAT_MS = 10_000;
/** A server that did not answer the probe is not asked again sooner than this (one answer asks several times). */
const PROBE_RETRY_MS = 30_000;

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

const contextShiftedNotice = {
  kind: "notice" as const,
  code: "context_shifted",
  message:
    "This conversation outgrew the server's context: the oldest turns were shortened or left out of what it saw.",
};

/** The remote answerers for the chat service; what each server said about itself is kept for the session. */
export function remoteAnswerers(registry: EngineRegistry, guard?: NetworkGuard) {
  const probes = new Map<string, ServerProbe>();
  const noTokenizer = new Set<string>();
  const noPrefill = new Set<string>();
  const fitCounts = new Map<string, TokenCount>();
  const probeFailedAt = new Map<string, number>();
  const answerer = async (choice: NonNullable<EngineChoice>): Promise<AnsweringEngine> => {
    const config = await registry.config(choice.engineId, choice.model);
    const key = `${choice.engineId}\n${choice.model}`;
    // asked once a session; a failure is kept for a short while only (the chat request names it; a later one asks again)
    const probe = async () => {
      if (!probes.has(key) && Date.now() - (probeFailedAt.get(key) ?? 0) > PROBE_RETRY_MS) {
        const signal = AbortSignal.timeout(PROBE_FOR_CHAT_MS);
        const said = await probeServer(config, { guard, signal }).catch(() => null);
        if (said) probes.set(key, said);
        else probeFailedAt.set(key, Date.now());
      }
      return probes.get(key) ?? null;
    };
    // a server asked for no model in particular answers with its own: the answers record its name
    if (!config.model) await probe();
    const contextSize = async () => (await probe())?.contextLength ?? config.contextLength ?? FALLBACK_CONTEXT;
    const serverCount = async (text: string) => {
      const counted = noTokenizer.has(key) ? null : await serverTokenCount(config, text, guard);
      if (counted === null) noTokenizer.add(key);
      return counted;
    };
    const countTokens = async (text: string) => (await serverCount(text)) ?? estimateTokens(text);
    // what is sent is counted with an estimate's tenth more, so that it fits all the same; each text once
    const fitCount =
      fitCounts.get(key) ??
      rememberedCount(async (text) => (await serverCount(text)) ?? Math.ceil(estimateTokens(text) * 1.1));
    fitCounts.set(key, fitCount);
    // llama-server continues an assistant message sent last; the others are asked for the answer
    const continuation = async (): Promise<Continuation> =>
      !noPrefill.has(key) && (config.preset === "llama-server" || (await probe())?.llamaServer) ? "prefill" : "ask";
    const target = {
      ...{ config, guard, contextSize, countTokens: fitCount, continuation },
      prefillRefused: () => noPrefill.add(key),
    };
    const generate: AnsweringEngine["generate"] = async (history, settings, onEvent, signal, steering) => {
      const fit = await fitToContext(history, settings.systemPrompt, await contextSize(), fitCount);
      if (fit.shifted) onEvent(contextShiftedNotice);
      const result = await steeredRemoteChat(target, fit.history, settings, onEvent, signal, steering);
      return { ...result, contextShifted: fit.shifted };
    };
    return {
      engine: serverAddress(config.url).host,
      model: () => config.model || probes.get(key)?.model || null,
      contextSize,
      countTokens,
      generate,
      generateAttempts: (history, settings, count, onChunk, onEvent, signal) =>
        concurrentAttempts(generate, history, settings, count, onChunk, onEvent, signal),
    };
  };
  /** Forgets what the servers said (after an engine is changed or tested). */
  const forget = () => {
    probes.clear();
    noTokenizer.clear();
    noPrefill.clear();
    fitCounts.clear();
    probeFailedAt.clear();
  };
  return { answerer, forget };
}
