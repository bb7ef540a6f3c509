/**
 * Coalesces a stream's events so that a transport sends at most one message per interval
 * (16 ms by default) per stream. Adjacent text events of the same kind are joined, so a
 * burst of tokens becomes one message; the final flush is always delivered before the end.
 */
export interface TextEvent {
  kind: string;
  text: string;
  tokens?: number;
}

function isTextEvent(event: unknown): event is TextEvent {
  if (typeof event !== "object" || event === null) return false;
  const e = event as Record<string, unknown>;
  const keys = Object.keys(e);
  return (
    typeof e.kind === "string" &&
    typeof e.text === "string" &&
    keys.every((k) => k === "kind" || k === "text" || (k === "tokens" && typeof e.tokens === "number"))
  );
}

/** Joins b onto a when both are text events of one kind; otherwise null. */
export function mergeTextEvents(a: unknown, b: unknown): unknown | null {
  if (!isTextEvent(a) || !isTextEvent(b) || a.kind !== b.kind) return null;
  const merged: TextEvent = { kind: a.kind, text: a.text + b.text };
  if (a.tokens !== undefined || b.tokens !== undefined) merged.tokens = (a.tokens ?? 0) + (b.tokens ?? 0);
  return merged;
}

export interface CoalescerOptions {
  intervalMs?: number;
  merge?: (a: unknown, b: unknown) => unknown | null;
  now?: () => number;
}

export class StreamCoalescer {
  private pending: unknown[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastFlush = Number.NEGATIVE_INFINITY;
  private closed = false;
  private readonly intervalMs: number;
  private readonly merge: (a: unknown, b: unknown) => unknown | null;
  private readonly now: () => number;

  constructor(
    private readonly send: (events: unknown[]) => void,
    options: CoalescerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 16;
    this.merge = options.merge ?? mergeTextEvents;
    this.now = options.now ?? (() => performance.now());
  }

  push(event: unknown): void {
    if (this.closed) return;
    const last = this.pending[this.pending.length - 1];
    const merged = last === undefined ? null : this.merge(last, event);
    if (merged !== null) this.pending[this.pending.length - 1] = merged;
    else this.pending.push(event);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  /** Sends whatever is pending now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.lastFlush = this.now();
    this.send(batch);
  }

  /** Final flush; later pushes are dropped. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  /** Drops what is pending (the stream was cancelled and its consumer is gone). */
  discard(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
    this.closed = true;
  }
}
