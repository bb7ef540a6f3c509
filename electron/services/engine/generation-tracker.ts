/**
 * One generation's text, token counts and timings across its phases (thinking, then answering
 * after "answer now"), with a loop detector on each part. It decides when a phase must be cut:
 * a loop, or the thinking budget reached.
 */
import type { GenerationMetrics } from "../../shared/engine-schemas.js";
import { LoopDetector } from "./loop-detector.js";

export type PartKind = "reasoning" | "answer";
export type Cut = "looping" | "budget" | "answer_now";

export class GenerationTracker {
  reasoning = "";
  answer = "";
  reasoningTokens = 0;
  answerTokens = 0;
  readonly started = performance.now();
  private firstToken: number | null = null;
  private firstAnswerToken: number | null = null;
  private lastToken = this.started;
  private readonly detectors = { reasoning: new LoopDetector(), answer: new LoopDetector() };
  loopIn: PartKind | null = null;

  /** `budget`: most reasoning tokens before the answer must start (null: no limit). */
  constructor(private readonly budget: number | null) {}

  get generated(): number {
    return this.reasoningTokens + this.answerTokens;
  }

  get firstTokenSeen(): boolean {
    return this.firstToken !== null;
  }

  /** Records a chunk; returns why the phase must stop now, if it must. */
  add(kind: PartKind, text: string, tokens: readonly number[], options: { watch?: boolean } = {}): Cut | null {
    const now = performance.now();
    this.firstToken ??= now;
    this.lastToken = now;
    if (kind === "reasoning") {
      this.reasoning += text;
      this.reasoningTokens += tokens.length;
    } else {
      this.firstAnswerToken ??= now;
      this.answer += text;
      this.answerTokens += tokens.length;
    }
    if (options.watch === false) return null;
    if (this.detectors[kind].push(tokens)) {
      this.loopIn = kind;
      return "looping";
    }
    if (kind === "reasoning" && this.budget !== null && this.reasoningTokens >= this.budget) return "budget";
    return null;
  }

  metrics(promptTokens: number): GenerationMetrics {
    const decodeMs = this.firstToken === null ? 0 : this.lastToken - this.firstToken;
    const generated = this.generated;
    return {
      ttftMs: this.firstToken === null ? null : this.firstToken - this.started,
      ttfatMs: this.firstAnswerToken === null ? null : this.firstAnswerToken - this.started,
      totalMs: performance.now() - this.started,
      promptTokens,
      reasoningTokens: this.reasoningTokens,
      answerTokens: this.answerTokens,
      tokensPerSecond: generated > 1 && decodeMs > 0 ? ((generated - 1) * 1000) / decodeMs : null,
    };
  }
}
