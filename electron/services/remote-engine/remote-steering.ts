/**
 * A remote answer the user can steer, as the local engine's (engine/generation-run.ts): a loop in
 * the reasoning or the answer ends the request (`looping`); "answer now" (the user's, or the
 * thinking budget's) ends it while it thinks, and a second request continues from the cut
 * thought, closed with the same short line and `</think>`, in the same message. A server cannot
 * be told to close its thinking mid-request, hence the second request; how it continues:
 *   - "prefill" (llama-server): the thought is sent as the assistant's `reasoning_content` with
 *     `continue_final_message: "content"` and `add_generation_prompt: false`; llama-server renders
 *     `<think>` + thought + `</think>` and the model answers from there (checked against the
 *     llama-server built from the llama.cpp that node-llama-cpp ships);
 *   - "ask" (vLLM, SGLang, Ollama, LM Studio, others; and a server that refuses the above): their
 *     R1 template drops a thought from an assistant message, and vLLM's `continue_final_message`
 *     would continue the thought, not close it. The thought so far is sent as the assistant's
 *     earlier turn and the model is asked for the answer only. It may think briefly again; that
 *     goes to the reasoning (the think splitter or the server's reasoning field), never the answer.
 * Both requests share one token cap: the room left in the server's context.
 */
import {
  ANSWER_NOW_LINE,
  type EngineHistoryItem,
  type FinishReason,
  type GenerationEvent,
  type GenerationMetrics,
  type GenerationResult,
  type GenerationSettings,
  type ReasoningCut,
} from "../../shared/engine-schemas.js";
import type { GenerationSteering } from "../engine/engine-client.js";
import type { NetworkGuard } from "../network/network-guard.js";
import { streamRemoteChat } from "./remote-chat.js";
import type { RemoteEngineConfig } from "./remote-config.js";
import { faultReason, type RemoteFaultDetails } from "./remote-fault.js";
import { type StreamCut, StreamWatch, textPieces, withoutLoop } from "./stream-watch.js";

export type Continuation = "prefill" | "ask";

/** The request that follows the cut thought when the server continues it as a new turn. */
export const ANSWER_ONLY_REQUEST =
  "Your reasoning above was cut short. Do not think again: give the final answer now, from that reasoning.";

export interface SteeredTarget {
  config: RemoteEngineConfig;
  guard?: NetworkGuard;
  /** The context one request gets. */
  contextSize(): Promise<number>;
  countTokens(text: string): Promise<number>;
  /** How this server continues a cut thought (a refused prefill falls back to "ask" and is remembered). */
  continuation(): Promise<Continuation>;
  prefillRefused?(): void;
}

/** Room kept for the answer: the thinking budget never eats into it (as the local engine). */
const answerReserve = (room: number) => Math.min(512, Math.floor(room / 4));
/** Tokens a chat template adds around each message, roughly. */
const TEMPLATE_TOKENS_PER_MESSAGE = 6;

type Cut = StreamCut | "answer_now";
/** The request for the answer and the template's tokens around the two extra turns, with room to spare. */
const ASK_OVERHEAD_TOKENS = 64;

/** A server that does not take an assistant message last says so with HTTP 400 or 422. */
function refusedPrefill(error: unknown): boolean {
  const status = (error as { details?: RemoteFaultDetails }).details?.params?.status;
  return faultReason(error) === "http_error" && (status === 400 || status === 422);
}

/**
 * The request that continues a cut thought: llama-server continues the assistant's message after the closed
 * thought (which starts after the `<think>\n` of the template's prompt, as the thought streamed); other servers
 * get the thought as the assistant's earlier turn and are asked for the answer.
 */
function continuing(history: EngineHistoryItem[], thought: string, how: Continuation) {
  return how === "prefill"
    ? { turns: history, answerAfter: thought.startsWith("\n") ? thought : `\n${thought}` }
    : {
        turns: [
          ...history,
          { role: "assistant" as const, text: thought },
          { role: "user" as const, text: ANSWER_ONLY_REQUEST },
        ],
      };
}

/** One message's figures from its two requests: times from the first request's start, tokens summed. */
function joined(first: GenerationMetrics | null, second: GenerationMetrics, offsetMs: number, extra: number) {
  const after = (ms: number | null) => (ms === null ? null : offsetMs + ms);
  const decodeMs = (m: GenerationMetrics) => {
    const n = m.reasoningTokens + m.answerTokens;
    return m.tokensPerSecond && n > 1 ? ((n - 1) * 1000) / m.tokensPerSecond : 0;
  };
  const generated =
    (first ? first.reasoningTokens + first.answerTokens : 0) + second.reasoningTokens + second.answerTokens + extra;
  const decode = (first ? decodeMs(first) : 0) + decodeMs(second);
  return {
    ttftMs: first?.ttftMs ?? after(second.ttftMs),
    ttfatMs: first?.ttfatMs ?? after(second.ttfatMs),
    totalMs: offsetMs + second.totalMs,
    promptTokens: first?.promptTokens ?? second.promptTokens,
    reasoningTokens: (first?.reasoningTokens ?? 0) + second.reasoningTokens + extra,
    answerTokens: (first?.answerTokens ?? 0) + second.answerTokens,
    tokensPerSecond: generated > 1 && decode > 0 ? ((generated - 1) * 1000) / decode : null,
  };
}

export async function steeredRemoteChat(
  target: SteeredTarget,
  history: EngineHistoryItem[],
  settings: GenerationSettings,
  onEvent: (event: GenerationEvent) => void,
  signal: AbortSignal,
  steering: GenerationSteering = {},
): Promise<GenerationResult> {
  const started = performance.now();
  const contextSize = await target.contextSize();
  const asked = [settings.systemPrompt ?? "", ...history.map((item) => item.text)].join("\n");
  const promptSize = (await target.countTokens(asked)) + TEMPLATE_TOKENS_PER_MESSAGE * (history.length + 1);
  const room = Math.max(answerReserve(contextSize), contextSize - promptSize) - 1;
  const cap = Math.min(settings.maxTokens ?? room, room);
  const roomBudget = room - answerReserve(room);
  const budget = Math.min(settings.reasoningBudget ?? roomBudget, roomBudget);

  let cut: Cut | null = null;
  let phase = new AbortController();
  let watch = new StreamWatch(budget);
  let answering = false;
  let answerSeen = false;
  let startedSent = false;
  const stopPhase = (why: Cut) => {
    if (cut || answering) return;
    cut = why;
    phase.abort();
  };
  const userStop = () => phase.abort();
  // once the answer has started, "answer now" has nothing to cut (as the local engine)
  const answerNow = () => {
    if (!answerSeen) stopPhase("answer_now");
  };
  const forward = (event: GenerationEvent) => {
    if (event.kind === "started") {
      if (startedSent) return; // one message: its clock starts once
      startedSent = true;
    }
    if (event.kind === "reasoning" || event.kind === "answer") {
      if (event.kind === "answer") answerSeen = true;
      onEvent(event);
      const why = watch.add(event.kind, event.text);
      if (why === "looping") {
        cut = "looping";
        phase.abort();
      } else if (why) stopPhase(why);
      return;
    }
    onEvent(event);
  };
  const request = (turns: EngineHistoryItem[], maxTokens: number, answerAfter?: string) =>
    streamRemoteChat(target.config, turns, { ...settings, maxTokens }, forward, phase.signal, {
      guard: target.guard,
      answerAfter,
      onUsage: (usage) => {
        if (watch.usage(usage.completionTokens) === "budget") stopPhase("budget");
      },
    });

  if (signal.aborted) userStop();
  else signal.addEventListener("abort", userStop, { once: true });
  if (steering.answerNow?.aborted) queueMicrotask(answerNow);
  else steering.answerNow?.addEventListener("abort", answerNow, { once: true });
  try {
    let first: GenerationResult | null = null;
    let reasoningCut: ReasoningCut | null = null;
    if (steering.answerFrom !== undefined) reasoningCut = "answer_now";
    else if (budget <= 0) reasoningCut = "budget";
    else {
      first = await request(history, cap);
      const ended = cut as Cut | null;
      if (signal.aborted || !ended || ended === "looping")
        return {
          ...first,
          ...(ended === "looping" && !signal.aborted ? { status: "stopped", finishReason: "looping" } : {}),
        };
      reasoningCut = ended;
    }
    // close the thought with the short line and answer from there, in the same message
    answering = true;
    cut = null;
    phase = new AbortController();
    if (signal.aborted) phase.abort();
    watch = new StreamWatch(null);
    const thought = (steering.answerFrom !== undefined ? withoutLoop(steering.answerFrom) : first!.reasoning).concat(
      ANSWER_NOW_LINE,
    );
    onEvent({ kind: "reasoning", text: ANSWER_NOW_LINE, tokens: textPieces(ANSWER_NOW_LINE).length });
    // the thought is now in the prompt: what it took (or, answering from a stored one, its count) is not there to spend
    const spent = first
      ? first.metrics.reasoningTokens + first.metrics.answerTokens
      : await target.countTokens(thought);
    const offsetMs = performance.now() - started;
    const how = await target.continuation();
    const next = (how: Continuation) => {
      const { turns, answerAfter } = continuing(history, thought, how);
      const left = Math.max(1, cap - spent - (how === "ask" ? ASK_OVERHEAD_TOKENS : 0));
      return request(turns, left, answerAfter);
    };
    let second: GenerationResult;
    try {
      second = await next(how);
    } catch (error) {
      // a server that refuses to continue the assistant's message (HTTP 400/422) is asked for the answer instead
      if (how !== "prefill" || !refusedPrefill(error) || phase.signal.aborted) throw error;
      target.prefillRefused?.();
      second = await next("ask");
    }
    const ended = cut as Cut | null;
    const finishReason: FinishReason = signal.aborted
      ? "stopped"
      : ended === "looping"
        ? "looping"
        : second.finishReason === "max_tokens"
          ? "max_tokens"
          : reasoningCut === "budget"
            ? "budget"
            : "end";
    return {
      status: finishReason === "stopped" || finishReason === "looping" ? "stopped" : "complete",
      finishReason,
      reasoning: (first?.reasoning ?? "") + ANSWER_NOW_LINE + second.reasoning,
      answer: second.answer,
      reasoningUnfinished: false,
      reasoningCut,
      contextShifted: false,
      metrics: joined(first?.metrics ?? null, second.metrics, offsetMs, textPieces(ANSWER_NOW_LINE).length),
    };
  } finally {
    signal.removeEventListener("abort", userStop);
    steering.answerNow?.removeEventListener("abort", answerNow);
  }
}
