/**
 * A remote generation's text and figures: time to the first token and to the first answer token,
 * tokens per second, and token counts (the server's `usage` when it sends one, else one token per
 * streamed delta, which is what llama-server, vLLM and SGLang send).
 */
import type { GenerationMetrics } from "../../shared/engine-schemas.js";

export interface Usage {
  promptTokens: number | null;
  completionTokens: number | null;
  reasoningTokens: number | null;
}

const count = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.round(value) : null;

/** The `usage` object of a chunk, if it has a usable one. */
export function readUsage(value: unknown): Usage | null {
  if (!value || typeof value !== "object") return null;
  const usage = value as { prompt_tokens?: unknown; completion_tokens?: unknown; completion_tokens_details?: unknown };
  const details = usage.completion_tokens_details as { reasoning_tokens?: unknown } | null | undefined;
  const read = {
    promptTokens: count(usage.prompt_tokens),
    completionTokens: count(usage.completion_tokens),
    reasoningTokens: count(details?.reasoning_tokens),
  };
  return read.promptTokens === null && read.completionTokens === null ? null : read;
}

export class RemoteMeter {
  reasoning = "";
  answer = "";
  private chunks = { reasoning: 0, answer: 0 };
  private firstToken: number | null = null;
  private firstAnswerToken: number | null = null;
  private lastToken: number;
  usage: Usage | null = null;

  constructor(readonly started = performance.now()) {
    this.lastToken = started;
  }

  add(kind: "reasoning" | "answer", text: string): void {
    if (!text) return;
    const now = performance.now();
    this.firstToken ??= now;
    this.lastToken = now;
    this.chunks[kind]++;
    if (kind === "answer") {
      this.firstAnswerToken ??= now;
      this.answer += text;
    } else this.reasoning += text;
  }

  /** The provisional reasoning was the answer all along (no think tags, no reasoning field). */
  reasoningWasAnswer(): void {
    this.answer = this.reasoning + this.answer;
    this.reasoning = "";
    this.chunks = { reasoning: 0, answer: this.chunks.reasoning + this.chunks.answer };
    this.firstAnswerToken = this.firstToken;
  }

  metrics(): GenerationMetrics {
    const counted = this.chunks.reasoning + this.chunks.answer;
    const completion = this.usage?.completionTokens ?? counted;
    const reasoningTokens =
      this.usage?.reasoningTokens ?? (counted === 0 ? 0 : Math.round((completion * this.chunks.reasoning) / counted));
    const decodeMs = this.firstToken === null ? 0 : this.lastToken - this.firstToken;
    return {
      ttftMs: this.firstToken === null ? null : this.firstToken - this.started,
      ttfatMs: this.firstAnswerToken === null ? null : this.firstAnswerToken - this.started,
      totalMs: performance.now() - this.started,
      promptTokens: this.usage?.promptTokens ?? 0,
      reasoningTokens,
      answerTokens: Math.max(0, completion - reasoningTokens),
      tokensPerSecond: completion > 1 && decodeMs > 0 ? ((completion - 1) * 1000) / decodeMs : null,
    };
  }
}
