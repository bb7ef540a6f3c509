/**
 * One generation on the loaded model, in up to two phases. Thinking: the answer opens inside
 * `<think>\n`; a loop stops it (`looping`), and "answer now" (the user's, or the thinking budget's)
 * cuts it. Answering: the thought so far is closed with a short line and `</think>`, and the model
 * answers from there, in the same message. Both phases share one token cap: the room left in the
 * context, so no answer dies from context overflow in the middle of its reasoning.
 */
import type { LlamaChat, LlamaChatResponseChunk, LlamaModel } from "node-llama-cpp";
import { InkstoneError } from "../../shared/contract-kit.js";
import {
  ANSWER_NOW_LINE,
  type EngineHistoryItem,
  type FinishReason,
  type GenerationResult,
  type GenerationSettings,
} from "../../shared/engine-schemas.js";
import { countUserTurns, toChatHistory } from "./chat-history.js";
import { type Cut, GenerationTracker } from "./generation-tracker.js";
import { LoopDetector } from "./loop-detector.js";

export type ChunkSink = (kind: "reasoning" | "answer", text: string, tokens: number) => void;
export type NoticeSink = (code: string, message: string) => void;

export interface GenerationTarget {
  model: LlamaModel;
  chat: LlamaChat;
  contextSize: number;
}

export interface GenerationControl {
  /** Set by the run: call it to make the model answer now (ignored once the answer started). */
  answerNow?: () => void;
  /** Resume a message whose thinking stopped (a loop): close this reasoning and answer. */
  answerFrom?: string;
}

/** Room kept for the answer: the thinking budget never eats into it. */
const answerReserve = (room: number) => Math.min(512, Math.floor(room / 4));

/** Reasoning with the repeated copies of a loop left out, so the answer does not start in it. */
function withoutLoop(model: LlamaModel, reasoning: string): string {
  const tokens = model.tokenize(reasoning);
  const loop = new LoopDetector().push(tokens);
  return loop ? model.detokenize(tokens.slice(0, loop.startToken)) : reasoning;
}

export async function runGeneration(
  target: GenerationTarget,
  turns: EngineHistoryItem[],
  settings: GenerationSettings,
  onChunk: ChunkSink,
  onNotice: NoticeSink,
  signal: AbortSignal,
  control: GenerationControl = {},
): Promise<GenerationResult> {
  const { model, chat, contextSize } = target;
  const opened = toChatHistory(settings.systemPrompt, turns);
  const promptSize = chat.chatWrapper
    .generateContextState({ chatHistory: opened })
    .contextText.tokenize(model.tokenizer).length;
  const room = Math.max(answerReserve(contextSize), contextSize - promptSize) - 1;
  const cap = Math.min(settings.maxTokens ?? room, room);
  const roomBudget = room - answerReserve(room);
  const budget = Math.min(settings.reasoningBudget ?? roomBudget, roomBudget);
  const tracker = new GenerationTracker(budget);
  const meter = chat.sequence.tokenMeter;
  const inputBefore = meter.usedInputTokens;
  let cut: Cut | null = null;
  let phase: AbortController = new AbortController();
  const stopPhase = (why: Cut) => {
    if (cut) return;
    cut = why;
    phase.abort();
  };
  const userStop = () => phase.abort();
  signal.addEventListener("abort", userStop, { once: true });
  let answering = false;
  control.answerNow = () => {
    if (!answering && tracker.answerTokens === 0) stopPhase("answer_now");
  };
  let promptTokens: number | null = null;
  const onResponseChunk = (chunk: LlamaChatResponseChunk) => {
    if (cut || (chunk.text === "" && chunk.tokens.length === 0)) return;
    promptTokens ??= meter.usedInputTokens - inputBefore;
    const kind = chunk.type === "segment" ? "reasoning" : "answer";
    const why = tracker.add(kind, chunk.text, chunk.tokens);
    onChunk(kind, chunk.text, chunk.tokens.length);
    if (why && !(why === "budget" && answering)) stopPhase(why);
  };
  const sampling = {
    onResponseChunk,
    stopOnAbortSignal: true,
    temperature: settings.temperature,
    topP: settings.topP,
    topK: settings.topK,
    minP: settings.minP,
    seed: settings.seed,
    repeatPenalty: settings.repeatPenalty === undefined ? (false as const) : { penalty: settings.repeatPenalty },
  };
  try {
    let history = opened;
    let reasoningCut: "answer_now" | "budget" | null = null;
    let stopReason: string | undefined;
    let thoughtEnded = false;
    let lastWindow = opened;
    const resuming = control.answerFrom !== undefined;
    if (resuming) reasoningCut = "answer_now";
    else if (budget <= 0) {
      cut = "budget";
      reasoningCut = "budget";
    } else {
      const result = await chat.generateResponse(history, { ...sampling, signal: phase.signal, maxTokens: cap });
      stopReason = result.metadata.stopReason;
      lastWindow = result.lastEvaluation.contextWindow;
      const thought = result.fullResponse.find((item) => typeof item !== "string" && item.segmentType === "thought");
      thoughtEnded = thought === undefined || (typeof thought !== "string" && thought.ended);
      if (cut === "budget" || cut === "answer_now") reasoningCut = cut;
    }
    if (reasoningCut && !signal.aborted) {
      // close the thought with a short line and `</think>`, then answer from there
      answering = true;
      cut = null;
      phase = new AbortController();
      const before = resuming ? withoutLoop(model, control.answerFrom!) : tracker.reasoning;
      const lineTokens = model.tokenize(ANSWER_NOW_LINE);
      tracker.add("reasoning", ANSWER_NOW_LINE, lineTokens, { watch: false });
      onChunk("reasoning", ANSWER_NOW_LINE, lineTokens.length);
      history = toChatHistory(settings.systemPrompt, turns, before + ANSWER_NOW_LINE);
      const left = Math.max(1, cap - tracker.generated);
      const result = await chat.generateResponse(history, { ...sampling, signal: phase.signal, maxTokens: left });
      stopReason = result.metadata.stopReason;
      lastWindow = result.lastEvaluation.contextWindow;
      thoughtEnded = true;
    }
    if (signal.aborted && signal.reason instanceof InkstoneError) throw signal.reason;
    // (assigned in callbacks: TypeScript's narrowing from above does not hold here)
    const ended = cut as Cut | null;
    const finishReason: FinishReason = signal.aborted
      ? "stopped"
      : ended === "looping"
        ? "looping"
        : stopReason === "maxTokens"
          ? "max_tokens"
          : reasoningCut === "budget"
            ? "budget"
            : "end";
    const contextShifted = countUserTurns(lastWindow) < countUserTurns(history);
    if (contextShifted) {
      onNotice(
        "context_shifted",
        "This conversation outgrew the context: the oldest turns were left out of what the model saw.",
      );
    }
    return {
      status: finishReason === "stopped" || finishReason === "looping" ? "stopped" : "complete",
      finishReason,
      reasoning: tracker.reasoning,
      answer: tracker.answer,
      reasoningUnfinished: !thoughtEnded && tracker.answer === "",
      reasoningCut,
      contextShifted,
      metrics: tracker.metrics(promptTokens ?? meter.usedInputTokens - inputBefore),
    };
  } finally {
    signal.removeEventListener("abort", userStop);
    control.answerNow = undefined;
  }
}
