/**
 * "Check with N attempts" (Math mode): N answers to one question, generated together in parallel sequences, their
 * final answers read with the shared answer reader and grouped. The message shows the majority's first attempt and
 * keeps every attempt (its answer, reasoning, finish reason and final answer) with it; the metrics are the whole
 * run's. While they run, the chat hears how far each attempt has come a few times a second; Stop stops them all.
 * What the attempts wrote is kept on a stop, a crash or an error.
 */
import { agreeOnAnswers } from "../../shared/answers/index.js";
import type { ChatEvent } from "../../shared/chat-schemas.js";
import { InkstoneError } from "../../shared/contract-kit.js";
import type {
  AttemptsResult,
  EngineHistoryItem,
  FinishReason,
  GenerationEvent,
  GenerationMetrics,
  GenerationSettings,
} from "../../shared/engine-schemas.js";
import type { Message, MessageAgreement, StoredAttempt } from "../../shared/history-schemas.js";
import type { HistoryStore } from "../history/history-store.js";
import type { AnsweringEngine } from "./answering-engine.js";

/** How often the attempts' progress is sent to the chat. */
const PROGRESS_INTERVAL_MS = 250;

interface Progress {
  reasoning: string;
  answer: string;
  reasoningTokens: number;
  answerTokens: number;
  finishReason: FinishReason | null;
}

const emptyMetrics: GenerationMetrics = {
  ttftMs: null,
  ttfatMs: null,
  totalMs: 0,
  promptTokens: 0,
  reasoningTokens: 0,
  answerTokens: 0,
  tokensPerSecond: null,
};

/** The agreement stored with the message, from each attempt's text and how it ended. */
export function agreementOf(
  attempts: { answer: string; reasoning: string; finishReason: FinishReason; metrics: GenerationMetrics }[],
): MessageAgreement {
  const grouped = agreeOnAnswers(
    attempts.map((a) => a.answer),
    attempts.map((a) => a.finishReason),
  );
  const keyOf = new Map(grouped.groups.flatMap((g) => g.attempts.map((i) => [i, g.key] as const)));
  const stored: StoredAttempt[] = attempts.map((a, i) => ({
    answer: a.answer,
    reasoning: a.reasoning,
    finishReason: a.finishReason,
    final: keyOf.get(i) ?? null,
    metrics: a.metrics,
  }));
  return { final: grouped.key, size: grouped.size, of: attempts.length, chosen: grouped.chosen, attempts: stored };
}

export interface AttemptsRequest {
  store: HistoryStore;
  /** The local model (parallel sequences) or a server (concurrent requests). */
  answerer: AnsweringEngine;
  conversationId: string;
  user: Message;
  newQuestion: boolean;
  history: EngineHistoryItem[];
  settings: GenerationSettings;
  /** The model answering, as the message records it. */
  model: string | null;
  count: number;
  emit: (event: ChatEvent) => void;
  signal: AbortSignal;
}

export async function answerWithAttempts(request: AttemptsRequest): Promise<Message> {
  const { store, answerer, conversationId, user, emit, signal, count } = request;
  const progress: Progress[] = Array.from({ length: count }, () => ({
    reasoning: "",
    answer: "",
    reasoningTokens: 0,
    answerTokens: 0,
    finishReason: null,
  }));
  const progressEvent = (): GenerationEvent => ({
    kind: "attempts",
    attempts: progress.map(({ reasoningTokens, answerTokens, finishReason }) => ({
      reasoningTokens,
      answerTokens,
      finishReason,
    })),
  });
  let early: GenerationEvent[] | null = [];
  const send = (event: GenerationEvent) => (early ? early.push(event) : emit(event));
  let timer: ReturnType<typeof setTimeout> | null = null;
  const scheduleProgress = () => {
    timer ??= setTimeout(() => {
      timer = null;
      send(progressEvent());
    }, PROGRESS_INTERVAL_MS);
  };
  const generation = answerer.generateAttempts(
    request.history,
    request.settings,
    count,
    (attempt, kind, text, tokens) => {
      const p = progress[attempt];
      if (!p) return;
      if (kind === "reasoning") {
        p.reasoning += text;
        p.reasoningTokens += tokens;
      } else {
        p.answer += text;
        p.answerTokens += tokens;
      }
      scheduleProgress();
    },
    send,
    signal,
  );
  generation.catch(() => {}); // handled below, after the placeholder exists
  let assistant: Message;
  try {
    assistant = store.addMessage({
      conversationId,
      parentId: user.id,
      role: "assistant",
      status: "streaming",
      engine: answerer.engine,
      model: request.model,
    });
  } catch (error) {
    throw new InkstoneError("io_error", {
      en: `The answer could not be saved, so it was not generated: ${(error as Error).message}`,
      zh: `回答无法保存，所以没有生成：${(error as Error).message}`,
    });
  }
  store.durable().catch(() => {});
  emit({
    kind: "created",
    conversationId,
    userMessage: request.newQuestion ? user : null,
    assistantMessage: assistant,
  });
  const buffered = early;
  early = null;
  for (const event of buffered) emit(event);
  let result: AttemptsResult;
  try {
    result = await generation;
  } catch (error) {
    if (timer) clearTimeout(timer);
    const cancelled = error instanceof InkstoneError && error.code === "cancelled";
    // what each attempt wrote before the failure is kept
    const partial = progress.some((p) => p.reasoning || p.answer)
      ? agreementOf(progress.map((p) => ({ ...p, finishReason: p.finishReason ?? "stopped", metrics: emptyMetrics })))
      : null;
    const shown = partial ? partial.attempts[partial.chosen]! : null;
    const message = store.finishMessage(assistant.id, {
      content: shown?.answer ?? "",
      reasoning: shown?.reasoning ?? "",
      status: cancelled ? "stopped" : "error",
      error: cancelled ? null : (error as Error).message,
      finishReason: cancelled ? "stopped" : "error",
      agreement: partial,
    });
    await store.durable().catch(() => {});
    if (cancelled) return message;
    throw error instanceof InkstoneError
      ? error.withDetails({ ...((error.details as object) ?? {}), messageId: message.id })
      : error;
  }
  if (timer) clearTimeout(timer);
  result.attempts.forEach((a, i) => {
    progress[i]!.finishReason = a.finishReason;
  });
  emit(progressEvent());
  const agreement = agreementOf(result.attempts);
  const shown = result.attempts[agreement.chosen]!;
  const stopped = signal.aborted;
  const message = store.finishMessage(assistant.id, {
    content: shown.answer,
    reasoning: shown.reasoning,
    status: stopped ? "stopped" : shown.status,
    metrics: result.metrics,
    finishReason: stopped ? "stopped" : shown.finishReason,
    reasoningCut: shown.reasoningCut ?? null,
    agreement,
  });
  try {
    await store.durable();
  } catch (error) {
    throw new InkstoneError(
      "io_error",
      {
        en: `The answer could not be written to the disk: ${(error as Error).message}`,
        zh: `回答无法写入磁盘：${(error as Error).message}`,
      },
      {
        messageId: message.id,
      },
    );
  }
  return message;
}
