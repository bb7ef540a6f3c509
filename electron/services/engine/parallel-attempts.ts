/**
 * Several attempts at one question at once ("Check with N attempts"): a second context with N sequences is made
 * for the run, one LlamaChat per sequence, and every attempt runs the ordinary generation (loop detection, thinking
 * budget, the context's room) in parallel. node-llama-cpp batches the sequences' tokens into one decode per step, so
 * N attempts cost far less than N times one. The loaded context (and its cached conversation) is left as it was.
 */
import { LlamaChat, type LlamaContext, type LlamaModel } from "node-llama-cpp";
import { attemptSeed, wholeMetrics } from "../../shared/attempts-metrics.js";
import { InkstoneError } from "../../shared/contract-kit.js";
import type {
  AttemptsResult,
  EngineHistoryItem,
  GenerationResult,
  GenerationSettings,
} from "../../shared/engine-schemas.js";
import { type NoticeSink, runGeneration } from "./generation-run.js";
import { Lockstep, stepTogether } from "./lockstep.js";

/** For tests and benchmarks: attempts in step (the default) or left to node-llama-cpp's own batching. */
export interface AttemptsTuning {
  inStep?: boolean;
  /** Told how many steps the attempts took in step and how many attempt-tokens they released. */
  onSteps?: (steps: number, released: number) => void;
}

/** One attempt's streamed text. */
export type AttemptChunkSink = (attempt: number, kind: "reasoning" | "answer", text: string, tokens: number) => void;

export interface AttemptsTarget {
  model: LlamaModel;
  /** The loaded context's size: each sequence gets as much, or less when memory is short. */
  contextSize: number;
  threads: number;
}

async function createContext(target: AttemptsTarget, sequences: number, promptTokens: number): Promise<LlamaContext> {
  let last: unknown = null;
  // a smaller context per sequence when the full size does not fit, while the question and an answer still do
  for (const share of [1, 2, 4]) {
    const contextSize = Math.floor(target.contextSize / share);
    if (share > 1 && contextSize < promptTokens + 1024) break;
    try {
      return await target.model.createContext({ contextSize, sequences, threads: target.threads });
    } catch (error) {
      last = error;
    }
  }
  throw new InkstoneError(
    "model_error",
    {
      en: `Not enough memory for ${sequences} attempts at once: ${(last as Error | null)?.message ?? "the question is too long"}. Use fewer attempts or a smaller context.`,
      zh: `内存不足，无法同时进行 ${sequences} 次尝试：${(last as Error | null)?.message ?? "问题太长"}。请减少尝试次数，或使用更小的上下文。`,
    },
    { reason: "out_of_memory" },
  );
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
  const context = await createContext(target, count, promptTokens);
  const chats: LlamaChat[] = [];
  const lockstep = new Lockstep();
  try {
    for (let i = 0; i < count; i++) {
      const sequence = context.getSequence();
      if (tuning.inStep !== false) {
        stepTogether(sequence, lockstep, i);
        lockstep.join(i);
      }
      chats.push(new LlamaChat({ contextSequence: sequence }));
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
    if (failed) throw failed.reason;
    const results = settled.map((s) => (s as PromiseFulfilledResult<GenerationResult>).value);
    return { attempts: results, metrics: wholeMetrics(results, performance.now() - started) };
  } finally {
    for (const chat of chats) chat.dispose({ disposeSequence: true });
    await context.dispose();
  }
}
