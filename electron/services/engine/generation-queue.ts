/**
 * Generations wait their turn: one runs at a time per loaded model. A "user" generation (a question asked in the
 * app) goes ahead of every waiting "background" one (the local API), but nothing interrupts one that runs; each
 * waiting generation hears its position as it changes.
 */
import { InkstoneError } from "../../shared/contract-kit.js";
import type { GenerationEvent } from "../../shared/engine-schemas.js";

export type GenerationPriority = "user" | "background";

export interface QueuedGeneration {
  priority: GenerationPriority;
  onEvent(event: GenerationEvent): void;
  /** Starts it; it calls `done` once it has ended, before its caller hears the outcome, so the queue is free then. */
  start(done: () => void): void;
  /** It will not run (stopped while waiting, or the engine crashed). */
  reject(error: unknown): void;
}

export class GenerationQueue {
  private readonly waiting: QueuedGeneration[] = [];
  private running = false;

  /** `onChange` hears every change of the waiting list's length (for the engine's status). */
  constructor(private readonly onChange: () => void) {}

  /** How many wait (not counting the one that runs). */
  get length(): number {
    return this.waiting.length;
  }

  /** Whether one runs or waits. */
  get busy(): boolean {
    return this.running || this.waiting.length > 0;
  }

  /** Queues a generation; aborting `signal` while it waits takes it out ("Stopped before it started."). */
  add(entry: QueuedGeneration, signal: AbortSignal): void {
    const onAbort = () => {
      const index = this.waiting.indexOf(entry);
      if (index < 0) return;
      this.waiting.splice(index, 1);
      this.announce();
      entry.reject(new InkstoneError("cancelled", { en: "Stopped before it started.", zh: "在开始之前就已停止。" }));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    const firstBackground = this.waiting.findIndex((queued) => queued.priority === "background");
    if (entry.priority === "user" && firstBackground >= 0) this.waiting.splice(firstBackground, 0, entry);
    else this.waiting.push(entry);
    if (this.running || this.waiting.length > 1) this.announce();
    else this.runNext();
  }

  /** Every waiting generation fails with `error` (the engine is gone). */
  rejectAll(error: unknown): void {
    for (const queued of this.waiting.splice(0)) queued.reject(error);
    this.onChange();
  }

  private announce(): void {
    this.waiting.forEach((entry, index) => {
      entry.onEvent({ kind: "queued", position: index + 1 });
    });
    this.onChange();
  }

  private runNext(): void {
    if (this.running) return;
    const next = this.waiting.shift();
    if (!next) return;
    this.announce();
    this.running = true;
    let ended = false;
    next.start(() => {
      if (ended) return;
      ended = true;
      this.running = false;
      this.runNext();
    });
  }
}
