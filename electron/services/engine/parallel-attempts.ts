/**
 * Several attempts at one question at once ("Check with N attempts"): a second context with N sequences is made
 * for the run, one LlamaChat per sequence, and every attempt runs the ordinary generation (loop detection, thinking
 * budget, the context's room) in parallel. The prompt is evaluated once for all of them (shared-prompt.ts), and
 * node-llama-cpp batches the sequences' tokens into one decode per step (kept in step by lockstep.ts), so N attempts
 * cost far less than N times one. The loaded context (and its cached conversation) is left as it was.
 */
import { type ChatWrapper, LlamaChat, type LlamaModel } from "node-llama-cpp";
import { attemptSeed, wholeMetrics } from "../../shared/attempts-metrics.js";
import type {
  AttemptsResult,
  EngineHistoryItem,
  GenerationResult,
  GenerationSettings,
} from "../../shared/engine-schemas.js";
import { AttemptsContexts } from "./attempts-context.js";
import { toChatHistory } from "./chat-history.js";
import { type NoticeSink, runGeneration } from "./generation-run.js";
import { Lockstep, stepTogether } from "./lockstep.js";
import { sharePrompt } from "./shared-prompt.js";

/** For tests and benchmarks: attempts in step (the default) or left to node-llama-cpp's own batching. */
export interface AttemptsTuning {
  inStep?: boolean;
  /** The prompt evaluated once for every attempt (the default), or by each attempt itself. */
  sharePrompt?: boolean;
  /** Told how many steps the attempts took in step and how many attempt-tokens they released. */
  onSteps?: (steps: number, released: number) => void;
  /** Told how many prompt tokens every attempt was given without evaluating them. */
  onShared?: (tokens: number) => void;
}

/** One attempt's streamed text. */
export type AttemptChunkSink = (attempt: number, kind: "reasoning" | "answer", text: string, tokens: number) => void;

export interface AttemptsTarget {
  model: LlamaModel;
  /** The loaded context's size: each sequence gets as much, or less when memory is short. */
  contextSize: number;
  threads: number;
  /**
   * The loaded chat's wrapper. Without it each attempt's LlamaChat resolves one from the model's Jinja template,
   * which renders the template many times over: ~0.7 s of JavaScript an attempt on the development machine.
   */
  chatWrapper?: ChatWrapper;
  /** Where the run's context comes from and goes back to (kept for the next run); else made and disposed here. */
  contexts?: AttemptsContexts;
}

export async function runAttempts(
  target: AttemptsTarget,
  turns: EngineHistoryItem[],
  settings: GenerationSettings,
  count: number,
  onChunk: AttemptChunkSink,
  onNotice: NoticeSink,
  signal: AbortSignal,
  tuning: AttemptsTuning = {},
): Promise<AttemptsResult> {
  const started = performance.now();
  const promptTokens = target.model.tokenize(turns.map((t) => t.text).join("\n")).length;
  const request = { ...target, sequences: count, promptTokens };
  const contexts = target.contexts ?? new AttemptsContexts();
  const context = await contexts.take(request);
  let keep = target.contexts !== undefined;
  const chats: LlamaChat[] = [];
  const lockstep = new Lockstep();
  try {
    for (let i = 0; i < count; i++) {
      const sequence = context.getSequence();
      if (tuning.inStep !== false) {
        stepTogether(sequence, lockstep, i);
        lockstep.join(i);
      }
      chats.push(new LlamaChat({ contextSequence: sequence, chatWrapper: target.chatWrapper }));
    }
    if (tuning.sharePrompt !== false && !signal.aborted) {
      // the prompt as each attempt's LlamaChat will lay it out (as EngineRuntime.generate computes it)
      const prompt = chats[0]!.chatWrapper
        .generateContextState({ chatHistory: toChatHistory(settings.systemPrompt, turns) })
        .contextText.tokenize(target.model.tokenizer);
      const shared = await sharePrompt(
        chats.map((chat) => chat.sequence),
        prompt,
      );
      tuning.onShared?.(shared);
    }
    const noticed = new Set<string>();
    // one attempt failing stops the others (they share the context about to be disposed)
    const all = new AbortController();
    const forward = () => all.abort(signal.reason);
    if (signal.aborted) forward();
    else signal.addEventListener("abort", forward, { once: true });
    const settled = await Promise.allSettled(
      chats.map((chat, attempt) =>
        runGeneration(
          { model: target.model, chat, contextSize: context.contextSize },
          turns,
          { ...settings, seed: attemptSeed(settings.seed, attempt) },
          (kind, text, tokens) => onChunk(attempt, kind, text, tokens),
          (code, message) => {
            // the same notice from every attempt is said once
            if (noticed.has(code)) return;
            noticed.add(code);
            onNotice(code, message);
          },
          all.signal,
        )
          .catch((error: unknown) => {
            if (!all.signal.aborted) all.abort(error);
            throw error;
          })
          .finally(() => lockstep.leave(attempt)),
      ),
    );
    signal.removeEventListener("abort", forward);
    tuning.onSteps?.(lockstep.steps, lockstep.released);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed) keep = false; // a context that failed a run is not trusted with the next one
    if (failed) throw failed.reason;
    const results = settled.map((s) => (s as PromiseFulfilledResult<GenerationResult>).value);
    return { attempts: results, metrics: wholeMetrics(results, performance.now() - started) };
  } finally {
    for (const chat of chats) chat.dispose({ disposeSequence: true });
    if (keep) contexts.release(context, request);
    else await context.dispose();
  }
}
