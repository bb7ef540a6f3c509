/**
 * An optional remote baseline: an OpenAI-compatible chat endpoint asked the same questions, as a
 * second column. Off by default; prompts leave the machine, so the network guard opens only that
 * host, only while the run lasts.
 */
import type { NetworkGuard } from "../network/network-guard.js";

export interface RemoteConfig {
  url: string;
  model: string;
  apiKey: string;
}

export interface RemoteAnswer {
  answer: string;
  reasoning: string;
  ttftMs: number | null;
  ttfatMs: number | null;
  totalMs: number;
  answerTokens: number;
}

/** Streams one completion (SSE), timing the first token and the first answer token. */
export async function askRemote(config: RemoteConfig, prompt: string, signal?: AbortSignal): Promise<RemoteAnswer> {
  const started = performance.now();
  const endpoint = `${config.url.replace(/\/+$/, "")}/chat/completions`;
  const response = await fetch(endpoint, {
    method: "POST",
    signal,
    headers: { "content-type": "application/json", authorization: `Bearer ${config.apiKey}` },
    body: JSON.stringify({ model: config.model, stream: true, messages: [{ role: "user", content: prompt }] }),
  });
  if (!response.ok || !response.body) throw new Error(`The remote endpoint answered HTTP ${response.status}.`);
  let answer = "";
  let reasoning = "";
  let ttft: number | null = null;
  let ttfat: number | null = null;
  let chunks = 0;
  let buffer = "";
  const decoder = new TextDecoder();
  for await (const part of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(part, { stream: true });
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf("\n");
      if (!line.startsWith("data:")) continue;
      const data = line.slice(5).trim();
      if (data === "[DONE]") continue;
      const delta = (JSON.parse(data) as { choices?: { delta?: { content?: string; reasoning_content?: string } }[] })
        .choices?.[0]?.delta;
      if (!delta) continue;
      const now = performance.now() - started;
      if (delta.reasoning_content) {
        ttft ??= now;
        reasoning += delta.reasoning_content;
      }
      if (delta.content) {
        ttft ??= now;
        ttfat ??= now;
        answer += delta.content;
        chunks++;
      }
    }
  }
  return {
    answer,
    reasoning,
    ttftMs: ttft,
    ttfatMs: ttfat,
    totalMs: performance.now() - started,
    answerTokens: chunks,
  };
}

/** Opens the guard for the endpoint's host while `run` lasts. */
export async function withRemoteHost<T>(
  guard: NetworkGuard | undefined,
  config: RemoteConfig,
  run: () => Promise<T>,
): Promise<T> {
  const release = guard?.allow(new URL(config.url).hostname, "remote baseline run (opted in)");
  try {
    return await run();
  } finally {
    release?.();
  }
}
