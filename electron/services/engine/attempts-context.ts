/**
 * The context that "Check with N attempts" runs in: N sequences, each with the loaded context's size, or less when
 * memory is short. Making one costs 0.2-0.8 s on the development machine's CPU (the KV cache and compute buffers);
 * runs that follow each other (an evaluation with a majority of N, a second question) reuse it, and it is let go
 * after a short idle time or when the model is unloaded, since it holds as much memory as N conversations.
 */
import type { LlamaContext, LlamaModel } from "node-llama-cpp";
import { InkstoneError } from "../../shared/contract-kit.js";

/** How long an unused attempts context is kept for the next run. */
const KEEP_IDLE_MS = 60_000;

export interface AttemptsContextRequest {
  model: LlamaModel;
  contextSize: number;
  threads: number;
  sequences: number;
  /** The question's tokens: a smaller context per sequence is only tried while it still fits with an answer. */
  promptTokens: number;
}

async function createContext(request: AttemptsContextRequest): Promise<LlamaContext> {
  const { model, sequences, threads, promptTokens } = request;
  let last: unknown = null;
  for (const share of [1, 2, 4]) {
    const contextSize = Math.floor(request.contextSize / share);
    if (share > 1 && contextSize < promptTokens + 1024) break;
    try {
      return await model.createContext({ contextSize, sequences, threads });
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

/**
 * node-llama-cpp hands a disposed sequence's id back a few ticks later (under the context's lock): waits for the
 * last run's sequences to be free again.
 */
async function allSequencesFree(context: LlamaContext, sequences: number): Promise<boolean> {
  for (let tick = 0; tick < 50 && context.sequencesLeft < sequences; tick++)
    await new Promise((resolve) => setTimeout(resolve, 1));
  return context.sequencesLeft >= sequences;
}

interface Kept {
  context: LlamaContext;
  model: LlamaModel;
  sequences: number;
  contextSize: number;
  threads: number;
  timer: ReturnType<typeof setTimeout>;
}

/** Hands out an attempts context, keeping the last one for a while after its run. */
export class AttemptsContexts {
  private kept: Kept | null = null;

  /** A context with `request.sequences` free sequences; give it back with `release` (or dispose it). */
  async take(request: AttemptsContextRequest): Promise<LlamaContext> {
    const kept = this.kept;
    this.kept = null;
    if (kept) {
      clearTimeout(kept.timer);
      const same =
        kept.model === request.model &&
        kept.sequences === request.sequences &&
        kept.contextSize === request.contextSize &&
        kept.threads === request.threads &&
        !kept.context.disposed;
      if (same && (await allSequencesFree(kept.context, request.sequences))) return kept.context;
      await kept.context.dispose();
    }
    return createContext(request);
  }

  /** After a run whose sequences were all disposed: kept for the next run, or disposed after KEEP_IDLE_MS. */
  release(context: LlamaContext, request: AttemptsContextRequest): void {
    if (context.disposed) return;
    // a context that fails to dispose is gone with the engine process anyway: never an unhandled rejection there
    const timer = setTimeout(() => this.clear().catch(() => {}), KEEP_IDLE_MS);
    timer.unref?.();
    const { model, sequences, contextSize, threads } = request;
    this.kept = { context, model, sequences, contextSize, threads, timer };
  }

  /** Lets the kept context go (the model is unloaded, or it sat unused). */
  async clear(): Promise<void> {
    const kept = this.kept;
    this.kept = null;
    if (!kept) return;
    clearTimeout(kept.timer);
    await kept.context.dispose();
  }
}
