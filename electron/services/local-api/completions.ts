/**
 * One chat completion on the engine, answered the way OpenAI does: a JSON `chat.completion`, or
 * Server-Sent Events (`chat.completion.chunk` deltas, an optional usage chunk, `data: [DONE]`).
 * Reasoning goes beside the answer (`reasoning_content` or `reasoning`) or inline in `<think>`.
 */
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { InkstoneError } from "../../shared/contract-kit.js";
import type {
  EngineHistoryItem,
  EngineStatus,
  GenerationEvent,
  GenerationResult,
  GenerationSettings,
} from "../../shared/engine-schemas.js";
import type { ReasoningFormat } from "../../shared/local-api-schemas.js";
import { ApiError, errors, invalidRequest } from "./api-errors.js";
import type { PreparedChat } from "./chat-request.js";
import { StopFilter } from "./stop-filter.js";

/** What the API needs of the engine (EngineClient): API generations ask for background priority. */
export interface ApiEngine {
  status(): EngineStatus;
  generate(
    history: EngineHistoryItem[],
    settings: GenerationSettings,
    onEvent: (event: GenerationEvent) => void,
    signal: AbortSignal,
    options?: { priority?: "user" | "background" },
  ): Promise<GenerationResult>;
}

export interface CompletionOutcome {
  promptTokens: number;
  completionTokens: number;
  answer: string;
  /** The client went away before the end. */
  disconnected: boolean;
}

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  completion_tokens_details: { reasoning_tokens: number };
}

function usageOf(result: GenerationResult): Usage {
  const completion = result.metrics.reasoningTokens + result.metrics.answerTokens;
  return {
    prompt_tokens: result.metrics.promptTokens,
    completion_tokens: completion,
    total_tokens: result.metrics.promptTokens + completion,
    completion_tokens_details: { reasoning_tokens: result.metrics.reasoningTokens },
  };
}

/** The engine's errors as API errors with the status a client expects. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof InkstoneError) {
    const details = error.details as { reason?: string } | undefined;
    if (details?.reason === "context_overflow")
      return invalidRequest("context_length_exceeded", error.message, "消息超出了模型的上下文长度。", "messages");
    if (error.code === "busy") return errors.queueFull(5);
    if (error.code === "engine_error" && /No model is loaded/.test(error.message)) return errors.noModel();
    if (error.code === "engine_crashed")
      return new ApiError(
        503,
        "server_error",
        "engine_crashed",
        error.message,
        "推理引擎意外停止，请在 Inkstone 中重启。",
      );
  }
  return errors.engine(error instanceof Error ? error.message : String(error));
}

/** Turns engine events into the text pieces a client sees, with stop sequences applied to the answer. */
class DeltaBuilder {
  private readonly stop: StopFilter;
  private reasoningOpen = false;
  answer = "";
  reasoning = "";

  constructor(
    private readonly format: ReasoningFormat,
    stops: readonly string[],
  ) {
    this.stop = new StopFilter(stops);
  }

  get stopped(): boolean {
    return this.stop.stopped;
  }

  reasoningDelta(text: string): Record<string, string> | null {
    if (this.stop.stopped || !text) return null;
    this.reasoning += text;
    if (this.format !== "think") return { [this.format]: text };
    const prefix = this.reasoningOpen ? "" : "<think>\n";
    this.reasoningOpen = true;
    return { content: prefix + text };
  }

  answerDelta(text: string): Record<string, string> | null {
    const out = this.stop.push(text);
    return this.emitAnswer(out);
  }

  finish(): Record<string, string> | null {
    return this.emitAnswer(this.stop.flush());
  }

  private emitAnswer(out: string): Record<string, string> | null {
    let content = out;
    if (this.format === "think" && this.reasoningOpen && out) {
      content = `</think>${out}`;
      this.reasoningOpen = false;
    }
    this.answer += out;
    return content ? { content } : null;
  }

  /** The whole message for a non-streamed answer. */
  message(): Record<string, string | null> {
    if (this.format === "think")
      return {
        role: "assistant",
        content: this.reasoning ? `<think>\n${this.reasoning}</think>${this.answer}` : this.answer,
      };
    return { role: "assistant", content: this.answer, [this.format]: this.reasoning || null };
  }
}

function finishReason(result: GenerationResult, deltas: DeltaBuilder): "stop" | "length" {
  return !deltas.stopped && result.finishReason === "max_tokens" ? "length" : "stop";
}

export interface CompletionRun {
  engine: ApiEngine;
  chat: PreparedChat;
  modelId: string;
  reasoningFormat: ReasoningFormat;
  /** Aborts when the client disconnects. */
  signal: AbortSignal;
  res: ServerResponse;
  headers: Record<string, string>;
}

/**
 * Runs the generation and writes the response. Errors before the first byte are thrown (the
 * caller answers with a JSON error); errors mid-stream are sent as an SSE `error` event.
 */
export async function runCompletion(run: CompletionRun): Promise<CompletionOutcome> {
  const { chat, res } = run;
  const id = `chatcmpl-${randomBytes(12).toString("hex")}`;
  const created = Math.floor(Date.now() / 1000);
  const deltas = new DeltaBuilder(run.reasoningFormat, chat.stop);
  const controller = new AbortController();
  const onClientGone = () => controller.abort();
  if (run.signal.aborted) controller.abort();
  run.signal.addEventListener("abort", onClientGone, { once: true });

  const send = (data: unknown) => {
    if (!res.writableEnded && !res.destroyed) res.write(`data: ${JSON.stringify(data)}\n\n`);
  };
  const chunk = (delta: Record<string, string | null>, finish: string | null) =>
    send({
      id,
      object: "chat.completion.chunk",
      created,
      model: run.modelId,
      system_fingerprint: null,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(chat.includeUsage ? { usage: null } : {}),
    });
  const startStream = () => {
    if (res.headersSent) return;
    res.writeHead(200, {
      ...run.headers,
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      "x-accel-buffering": "no",
    });
    res.socket?.setNoDelay(true);
    res.flushHeaders();
    chunk({ role: "assistant", content: "" }, null);
  };
  const onDelta = (delta: Record<string, string> | null) => {
    if (delta && chat.stream) chunk(delta, null);
    if (deltas.stopped) controller.abort(); // a stop sequence arrived: the engine stops now
  };
  const onEvent = (event: GenerationEvent) => {
    if (event.kind === "started" && chat.stream) startStream();
    else if (event.kind === "reasoning") onDelta(deltas.reasoningDelta(event.text));
    else if (event.kind === "answer") onDelta(deltas.answerDelta(event.text));
  };

  let result: GenerationResult;
  try {
    result = await run.engine.generate(chat.history, chat.settings, onEvent, controller.signal, {
      priority: "background",
    });
  } catch (error) {
    run.signal.removeEventListener("abort", onClientGone);
    if (run.signal.aborted) return { promptTokens: 0, completionTokens: 0, answer: deltas.answer, disconnected: true };
    const apiError = toApiError(error);
    if (!res.headersSent) throw apiError;
    send(apiError.body());
    res.end();
    return { promptTokens: 0, completionTokens: 0, answer: deltas.answer, disconnected: false };
  }
  run.signal.removeEventListener("abort", onClientGone);
  const usage = usageOf(result);
  const outcome = {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    answer: deltas.answer,
    disconnected: run.signal.aborted,
  };
  if (run.signal.aborted) return outcome;
  const last = deltas.finish();
  const finish = finishReason(result, deltas);
  if (chat.stream) {
    startStream();
    if (last) chunk(last, null);
    chunk({}, finish);
    if (chat.includeUsage)
      send({
        id,
        object: "chat.completion.chunk",
        created,
        model: run.modelId,
        system_fingerprint: null,
        choices: [],
        usage,
      });
    res.end("data: [DONE]\n\n");
    return outcome;
  }
  const body = JSON.stringify({
    id,
    object: "chat.completion",
    created,
    model: run.modelId,
    system_fingerprint: null,
    choices: [{ index: 0, message: deltas.message(), logprobs: null, finish_reason: finish }],
    usage,
  });
  res.writeHead(200, { ...run.headers, "content-type": "application/json; charset=utf-8" });
  res.end(body);
  return outcome;
}
