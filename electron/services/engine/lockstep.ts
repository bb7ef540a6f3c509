/**
 * Keeps parallel attempts in step, so that node-llama-cpp decodes the next token of every attempt in one batch.
 *
 * node-llama-cpp batches whatever decodes are queued when its dispatch loop looks; after a batch, each attempt's
 * LlamaChat handles its token and queues the next decode a few microtasks apart, and the loop starts the next batch
 * with those already queued. Counted on the test models, 4 attempts then took about a third more decode steps than
 * one (3 of 4 per batch). Here each attempt's evaluation iterator waits, before asking for its next token, until every
 * attempt still running has asked: they are released together and queue together, and the context dispatches all of
 * them at once (it dispatches at once when every sequence has a decode queued).
 *
 * An attempt that ends leaves; a safety timer releases the waiting ones if one attempt is held up elsewhere (e.g. a
 * phase change that evaluates a prompt), so nothing can wait on an attempt that is not coming.
 */
import type { LlamaContextSequence } from "node-llama-cpp";

/** Longest an attempt waits for the others before going alone. */
const MAX_WAIT_MS = 500;

export class Lockstep {
  private readonly running = new Set<number>();
  private readonly waiting = new Map<number, () => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** How many times attempts were released, and how many attempts in all: `released / steps` is the batch width. */
  steps = 0;
  released = 0;

  join(id: number): void {
    this.running.add(id);
  }

  leave(id: number): void {
    this.running.delete(id);
    const release = this.waiting.get(id);
    this.waiting.delete(id);
    release?.();
    this.check();
  }

  /** Resolves when every running attempt has arrived (or after MAX_WAIT_MS). */
  arrive(id: number): Promise<void> {
    if (!this.running.has(id)) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.check();
    });
  }

  private check(): void {
    if (this.waiting.size === 0) return;
    if ([...this.running].every((id) => this.waiting.has(id))) this.releaseAll();
    else if (this.timer === null) {
      this.timer = setTimeout(() => this.releaseAll(), MAX_WAIT_MS);
      this.timer.unref?.();
    }
  }

  private releaseAll(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.waiting.size === 0) return;
    this.steps++;
    this.released += this.waiting.size;
    const releases = [...this.waiting.values()];
    this.waiting.clear();
    for (const release of releases) release();
  }
}

type Evaluate = LlamaContextSequence["evaluate"];
type EvaluationIterator = ReturnType<Evaluate>;

/** Makes every evaluation on `sequence` (LlamaChat's token loop included) wait for the step of the others. */
export function stepTogether(sequence: LlamaContextSequence, lockstep: Lockstep, id: number): void {
  const evaluate: Evaluate = sequence.evaluate.bind(sequence);
  const stepped = ((...args: Parameters<Evaluate>) => {
    const inner = evaluate(...args);
    const outer = {
      next: async (...value: Parameters<EvaluationIterator["next"]>) => {
        await lockstep.arrive(id);
        return inner.next(...value);
      },
      return: (...value: Parameters<EvaluationIterator["return"]>) => inner.return(...value),
      throw: (...error: Parameters<EvaluationIterator["throw"]>) => inner.throw(...error),
      [Symbol.asyncIterator]: () => outer,
    };
    return outer as unknown as EvaluationIterator;
  }) as Evaluate;
  (sequence as { evaluate: Evaluate }).evaluate = stepped;
}
