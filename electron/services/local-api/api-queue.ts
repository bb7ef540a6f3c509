/**
 * One API generation at a time: the others wait in order, up to a bound; beyond it a request is
 * refused at once with how long to wait (from the recent generations' durations).
 */
import { errors } from "./api-errors.js";

interface Waiter {
  start(): void;
  signal: AbortSignal;
}

export class ApiQueue {
  private running = false;
  private readonly waiting: Waiter[] = [];
  /** A moving average of how long a generation holds the slot, for Retry-After. */
  private averageMs = 5000;

  constructor(readonly maxWaiting = 8) {}

  get size(): { running: boolean; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Seconds until a place is likely to free up, if the client retried now. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.averageMs * (this.waiting.length + 1)) / 1000));
  }

  /**
   * Waits for the slot; resolves with the function that frees it. Throws a 429 ApiError when the
   * queue is full, and an AbortError-like rejection when `signal` aborts while waiting.
   */
  acquire(signal: AbortSignal): Promise<() => void> {
    if (!this.running) {
      this.running = true;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.maxWaiting) return Promise.reject(errors.queueFull(this.retryAfterSeconds()));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        signal,
        start: () => {
          signal.removeEventListener("abort", onAbort);
          resolve(this.releaser());
        },
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal.reason ?? new Error("aborted"));
      };
      if (signal.aborted) {
        reject(signal.reason ?? new Error("aborted"));
        return;
      }
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private releaser(): () => void {
    const started = Date.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.averageMs = this.averageMs * 0.7 + (Date.now() - started) * 0.3;
      const next = this.waiting.shift();
      if (next) next.start();
      else this.running = false;
    };
  }
}
