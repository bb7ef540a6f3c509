/**
 * One streamed chat completion from an OpenAI-compatible server (llama-server, vLLM, SGLang,
 * Ollama, LM Studio), as the same GenerationResult and events the local engine gives. Everything
 * the server sends is untrusted: read with bounds (sse-events.ts), checked field by field, and any
 * failure named (remote-faults.ts) with what arrived kept. Stop aborts the request, which closes
 * the connection; the network guard allows the server's host only while the request runs.
 */
import type {
  EngineHistoryItem,
  FinishReason,
  GenerationEvent,
  GenerationResult,
  GenerationSettings,
} from "../../shared/engine-schemas.js";
import { remoteDetail, remoteFaultMessage } from "../../shared/remote-faults.js";
import type { NetworkGuard } from "../network/network-guard.js";
import {
  authHeaders,
  DEFAULT_RESPONSE_TIMEOUT_MS,
  type RemoteEngineConfig,
  type ServerAddress,
  serverAddress,
} from "./remote-config.js";
import { connectionFault, faultReason, remoteFault, shortText } from "./remote-fault.js";
import { httpFault, isRetryable, pause, retryDelayMs } from "./remote-http.js";
import { RemoteMeter, readUsage, type Usage } from "./remote-meter.js";
import { defaultSseLimits, SseLimitError, type SseLimits, sseData } from "./sse-events.js";
import { ThinkSplitter } from "./think-splitter.js";

export interface RemoteChatOptions {
  guard?: NetworkGuard;
  limits?: SseLimits;
  /** More malformed events than this and the stream is not an OpenAI one. */
  maxMalformed?: number;
  /**
   * Continue the assistant's message after this thought, closed (answer now): llama-server's
   * `continue_final_message: "content"` renders it as `<think>` + thought + `</think>` and the
   * model answers from there; all the text that comes is the answer.
   */
  answerAfter?: string;
  /** The server's usage as it comes (vLLM can send it with every chunk). */
  onUsage?: (usage: Usage) => void;
}

/**
 * The request body: the conversation (reasoning left out of earlier answers, as the model card says) and sampling;
 * with `answerAfter`, the assistant's message to continue after that closed thought.
 */
export function chatRequestBody(
  model: string,
  history: EngineHistoryItem[],
  settings: GenerationSettings,
  answerAfter?: string,
): object {
  const messages: object[] = [
    ...(settings.systemPrompt ? [{ role: "system", content: settings.systemPrompt }] : []),
    ...history.map((item) => ({ role: item.role, content: item.text })),
  ];
  const continuing =
    answerAfter === undefined ? {} : { continue_final_message: "content", add_generation_prompt: false };
  if (answerAfter !== undefined) messages.push({ role: "assistant", content: "", reasoning_content: answerAfter });
  const optional = {
    top_k: settings.topK,
    min_p: settings.minP,
    repeat_penalty: settings.repeatPenalty,
    max_tokens: settings.maxTokens,
    seed: settings.seed,
  };
  return {
    ...(model ? { model } : {}),
    messages,
    stream: true,
    stream_options: { include_usage: true },
    temperature: settings.temperature,
    top_p: settings.topP,
    ...continuing,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

type Delta = { content?: unknown; reasoning_content?: unknown; reasoning?: unknown };
type Chunk = { choices?: { delta?: Delta; finish_reason?: unknown }[]; usage?: unknown; error?: unknown };

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** Streams one answer. Resolves with the answer (complete, or stopped by `signal`); rejects with a named fault. */
export async function streamRemoteChat(
  config: RemoteEngineConfig,
  history: EngineHistoryItem[],
  settings: GenerationSettings,
  onEvent: (event: GenerationEvent) => void,
  signal: AbortSignal,
  options: RemoteChatOptions = {},
): Promise<GenerationResult> {
  const address = serverAddress(config.url);
  const release = options.guard?.allow(
    address.hostname,
    `remote engine ${address.host} (an answer the user asked for)`,
  );
  try {
    return await run(config, address, history, settings, onEvent, signal, options);
  } finally {
    release?.();
  }
}

async function run(
  config: RemoteEngineConfig,
  address: ServerAddress,
  history: EngineHistoryItem[],
  settings: GenerationSettings,
  onEvent: (event: GenerationEvent) => void,
  signal: AbortSignal,
  options: RemoteChatOptions,
): Promise<GenerationResult> {
  const host = address.host;
  const timeoutMs = config.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
  const maxTries = Math.max(1, config.maxTries ?? 4);
  const meter = new RemoteMeter();
  const splitter = new ThinkSplitter(options.answerAfter !== undefined);
  const controller = new AbortController();
  let why: "user" | "timeout" | "stalled" | null = null;
  const stopNow = () => {
    why ??= "user";
    controller.abort();
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (kind: "timeout" | "stalled") => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      why ??= kind;
      controller.abort();
    }, timeoutMs);
  };
  if (signal.aborted) stopNow();
  else signal.addEventListener("abort", stopNow, { once: true });

  let fieldReasoning = false;
  let finish: string | null = null;
  let done = false;
  let valid = 0;
  let malformed = 0;
  // the first malformed event: what was wrong (worded in each language) and the start of it
  let first: { problem: "not_json" | "not_object" | "no_choices"; sample: string } = {
    problem: "not_json",
    sample: "",
  };
  const emit = (kind: "reasoning" | "answer", value: string) => {
    if (!value || why) return; // once stopped, the rest of a chunk is not shown (nor kept)
    meter.add(kind, value);
    onEvent({ kind, text: value, tokens: 1 });
  };
  const partial = () => ({ reasoning: meter.reasoning, answer: meter.answer });
  const result = (finishReason: FinishReason): GenerationResult => {
    for (const part of splitter.flush()) emit(part.kind, part.text);
    if (!fieldReasoning && splitter.reasoningWasAnswer && finishReason !== "stopped") meter.reasoningWasAnswer();
    return {
      status: finishReason === "stopped" ? "stopped" : "complete",
      finishReason,
      reasoning: meter.reasoning,
      answer: meter.answer,
      reasoningUnfinished: meter.answer === "" && meter.reasoning !== "" && !fieldReasoning && !splitter.closed,
      reasoningCut: null,
      contextShifted: false,
      metrics: meter.metrics(),
    };
  };
  const onMalformed = (problem: "not_json" | "not_object" | "no_choices", data: string) => {
    malformed++;
    if (malformed === 1) {
      first = { problem, sample: shortText(data, 80) };
      const params = { host, detail: remoteDetail(problem, first), ...first };
      onEvent({
        kind: "notice",
        code: "remote_malformed_skipped",
        message: remoteFaultMessage("malformed_skipped", params),
        params,
      });
    }
    if (malformed > (options.maxMalformed ?? 100))
      throw remoteFault(
        "malformed",
        {
          host,
          detail: remoteDetail("many", { events: malformed, first: remoteDetail(first.problem, first) }),
          ...first,
          events: malformed,
        },
        partial(),
      );
  };

  onEvent({ kind: "started" });
  arm("timeout");
  try {
    let response: Response | null = null;
    for (let attempt = 1; !response; attempt++) {
      const reply = await fetch(`${address.base}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream", ...authHeaders(config) },
        body: JSON.stringify(chatRequestBody(config.model, history, settings, options.answerAfter)),
        signal: controller.signal,
      });
      if (reply.ok && reply.body) response = reply;
      else if (isRetryable(reply.status) && attempt < maxTries) {
        await reply.body?.cancel().catch(() => {});
        const waitMs = retryDelayMs(reply, attempt, config.retryBaseMs ?? 1000);
        const params = {
          host,
          status: reply.status,
          seconds: Math.round(waitMs / 100) / 10,
          attempt: attempt + 1,
          attempts: maxTries,
        };
        onEvent({ kind: "notice", code: "remote_retrying", message: remoteFaultMessage("retrying", params), params });
        clearTimeout(timer); // waiting on purpose is not the server failing to answer
        await pause(waitMs, controller.signal);
        if (why) return result("stopped");
        arm("timeout");
      } else if (isRetryable(reply.status)) {
        await reply.body?.cancel().catch(() => {});
        throw remoteFault("busy", { host, status: reply.status, attempts: maxTries });
      } else throw await httpFault(reply, address, config.model, "/chat/completions");
    }
    const contentType = response.headers.get("content-type") ?? "";
    for await (const data of sseData(
      response.body as unknown as AsyncIterable<Uint8Array>,
      options.limits ?? defaultSseLimits,
    )) {
      arm("stalled");
      if (data.trim() === "[DONE]") {
        done = true;
        break;
      }
      let chunk: Chunk;
      try {
        chunk = JSON.parse(data) as Chunk;
      } catch {
        onMalformed("not_json", data);
        continue;
      }
      if (!chunk || typeof chunk !== "object") {
        onMalformed("not_object", data);
        continue;
      }
      if (chunk.error !== undefined) {
        const error = chunk.error as { message?: unknown } | string;
        const detail = typeof error === "string" ? error : text(error?.message) || JSON.stringify(error);
        throw remoteFault("server_error", { host, detail: shortText(detail) }, partial());
      }
      const usage = readUsage(chunk.usage);
      if (usage) {
        meter.usage = usage;
        options.onUsage?.(usage);
      }
      const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
      if (!choice && !usage) {
        onMalformed("no_choices", data);
        continue;
      }
      valid++;
      const delta = choice?.delta && typeof choice.delta === "object" ? choice.delta : {};
      const thought = text(delta.reasoning_content) || text(delta.reasoning);
      if (thought) {
        fieldReasoning = true;
        emit("reasoning", thought);
      }
      const content = text(delta.content);
      if (content) {
        if (fieldReasoning) emit("answer", content);
        else for (const part of splitter.push(content)) emit(part.kind, part.text);
      }
      if (typeof choice?.finish_reason === "string") finish = choice.finish_reason;
    }
    if (done || finish) return result(finish === "length" ? "max_tokens" : "end");
    if (valid === 0) {
      const part = malformed > 0 ? first : { problem: "no_events" as const, sample: shortText(contentType, 60) };
      throw remoteFault("malformed", { host, detail: remoteDetail(part.problem, part), ...part }, partial());
    }
    throw remoteFault("no_done", { host }, partial());
  } catch (error) {
    if (why === "user") return result("stopped");
    const seconds = Math.round(timeoutMs / 1000);
    if (why === "timeout") throw remoteFault("timeout", { host, seconds }, partial());
    if (why === "stalled") throw remoteFault("stalled", { host, seconds }, partial());
    if (error instanceof SseLimitError) {
      const part = { problem: error.limit === "line" ? "line_over" : "reply_over", bytes: error.bytes };
      throw remoteFault("too_large", { host, detail: error.message, ...part }, partial());
    }
    if (faultReason(error)) throw error;
    throw connectionFault(error, host, partial());
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", stopNow);
    controller.abort(); // closes the connection if anything is still open
  }
}
