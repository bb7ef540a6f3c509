/**
 * Stop sequences over a stream of text: passes text through, holds back only what could be the
 * start of a stop sequence, and at the first full match keeps the text before it and reports the
 * stop. Streamed and whole answers thus end at the same place, without the stop sequence.
 */
export class StopFilter {
  private held = "";
  private done = false;

  constructor(private readonly stops: readonly string[]) {}

  get stopped(): boolean {
    return this.done;
  }

  /** Text that may be sent now; after a stop, always "". */
  push(text: string): string {
    if (this.done) return "";
    if (this.stops.length === 0) return text;
    const pending = this.held + text;
    let cut = -1;
    for (const stop of this.stops) {
      const at = pending.indexOf(stop);
      if (at >= 0 && (cut < 0 || at < cut)) cut = at;
    }
    if (cut >= 0) {
      this.done = true;
      this.held = "";
      return pending.slice(0, cut);
    }
    const keep = this.partialMatchLength(pending);
    this.held = pending.slice(pending.length - keep);
    return pending.slice(0, pending.length - keep);
  }

  /** The text still held back, at the end of the stream (no stop came). */
  flush(): string {
    const rest = this.done ? "" : this.held;
    this.held = "";
    return rest;
  }

  /** Length of the longest end of `text` that is the beginning of some stop sequence. */
  private partialMatchLength(text: string): number {
    let best = 0;
    for (const stop of this.stops) {
      for (let n = Math.min(stop.length - 1, text.length); n > best; n--) {
        if (text.endsWith(stop.slice(0, n))) {
          best = n;
          break;
        }
      }
    }
    return best;
  }
}
