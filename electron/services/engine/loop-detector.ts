/**
 * Finds a loop in a token stream: the tail repeating itself with some period p (1..maxPeriod).
 *
 * For every period p it keeps how many consecutive trailing tokens equal the token p places
 * earlier. A loop "starts" where that run starts (the second copy of the repeated text), and is
 * reported once the run is `threshold(p)` tokens long:
 *   - never before `minRun` tokens (64): short repeats are normal ("| --- | --- |", a 6 × 6 matrix of zeros);
 *   - for periods up to a third of `maxRun`, only at the 4th copy: a chorus quoted three times in
 *     a row, a table's identical rows, a refrain of steps are legitimate;
 *   - never after `maxRun` (200) tokens: every loop is stopped within 200 tokens of its start.
 * Legitimate repeating structures (tables of values, multiplication tables, numbered steps) change
 * a token in every period (a number), which resets the run.
 */

export interface LoopDetectorOptions {
  maxPeriod?: number;
  minRun?: number;
  maxRun?: number;
  copies?: number;
}

export interface DetectedLoop {
  /** Tokens in one repetition. */
  period: number;
  /** Index (in tokens pushed so far) of the first token of the loop's second copy. */
  startToken: number;
  /** Tokens seen since the loop started when it was detected. */
  tokensSinceStart: number;
}

export class LoopDetector {
  private readonly maxPeriod: number;
  private readonly minRun: number;
  private readonly maxRun: number;
  private readonly copies: number;
  private readonly ring: Int32Array;
  private readonly runs: Int32Array;
  private count = 0;
  private found: DetectedLoop | null = null;

  constructor(options: LoopDetectorOptions = {}) {
    this.maxPeriod = options.maxPeriod ?? 200;
    this.minRun = options.minRun ?? 64;
    this.maxRun = options.maxRun ?? 200;
    this.copies = options.copies ?? 4;
    this.ring = new Int32Array(this.maxPeriod + 1);
    this.runs = new Int32Array(this.maxPeriod + 1);
  }

  /** How long a run of period p must be before it counts as a loop. */
  threshold(period: number): number {
    return Math.min(this.maxRun, Math.max(this.minRun, (this.copies - 1) * period));
  }

  get loop(): DetectedLoop | null {
    return this.found;
  }

  get tokens(): number {
    return this.count;
  }

  /** Adds tokens; returns the loop once one is found (and from then on). */
  push(tokens: Iterable<number>): DetectedLoop | null {
    for (const token of tokens) {
      if (this.found) return this.found;
      this.pushOne(token);
    }
    return this.found;
  }

  private pushOne(token: number): void {
    const size = this.ring.length;
    const index = this.count;
    const periods = Math.min(this.maxPeriod, index);
    for (let p = 1; p <= periods; p++) {
      const run = this.ring[(index - p) % size] === token ? this.runs[p]! + 1 : 0;
      this.runs[p] = run;
      if (run >= this.threshold(p) && !this.found) {
        this.found = { period: p, startToken: index - run + 1, tokensSinceStart: run };
      }
    }
    this.ring[index % size] = token;
    this.count++;
  }
}
