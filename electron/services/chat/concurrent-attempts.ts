/**
 * "Check with N attempts" on an engine that answers one request at a time per call (a remote OpenAI-compatible
 * server): the N attempts go as N concurrent requests, each with its own seed, loop detection and thinking budget (the
 * engine's ordinary generate). A server that batches (llama-server with -np, vLLM, SGLang) answers them together. One
 * attempt failing stops the others, as with the local engine's parallel sequences; what each wrote reaches the caller
 * through onChunk as it comes, so a stop or a fault keeps it.
 */
import { attemptSeed, wholeMetrics } from "../../shared/attempts-metrics.js";
import type {
  AttemptsResult,
  EngineHistoryItem,
  GenerationEvent,
  GenerationResult,
  GenerationSettings,
} from "../../shared/engine-schemas.js";
import type { AnsweringEngine, AttemptChunkSink } from "./answering-engine.js";

export async function concurrentAttempts(
  generate: AnsweringEngine["generate"],
  history: EngineHistoryItem[],
  settings: GenerationSettings,
  count: number,
  onChunk: AttemptChunkSink,
  onEvent: (event: GenerationEvent) => void,
  signal: AbortSignal,
): Promise<AttemptsResult> {
  const started = performance.now();
  const all = new AbortController();
  const forward = () => all.abort(signal.reason);
  if (signal.aborted) forward();
  else signal.addEventListener("abort", forward, { once: true });
  const said = new Set<string>();
  const attempt = (i: number) =>
    generate(
      history,
      { ...settings, seed: attemptSeed(settings.seed, i) },
      (event) => {
        if (event.kind === "reasoning" || event.kind === "answer")
          onChunk(i, event.kind, event.text, event.tokens ?? 1);
        else if (event.kind === "notice" && !said.has(event.code)) {
          // the same notice from every attempt (a retry, a trimmed context) is said once
          said.add(event.code);
          onEvent(event);
        }
      },
      all.signal,
    ).catch((error: unknown) => {
      if (!all.signal.aborted) all.abort(error);
      throw error;
    });
  try {
    const settled = await Promise.allSettled(Array.from({ length: count }, (_, i) => attempt(i)));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed) throw failed.reason;
    const results = settled.map((s) => (s as PromiseFulfilledResult<GenerationResult>).value);
    return { attempts: results, metrics: wholeMetrics(results, performance.now() - started) };
  } finally {
    signal.removeEventListener("abort", forward);
  }
}
