/**
 * Loop detection and the thinking budget on a remote engine's stream. A server sends text, not
 * token ids, so the local engine's detector (engine/loop-detector.ts) watches two stand-ins:
 *   - the deltas: llama-server, vLLM, SGLang and Ollama send one token per delta, so a delta's
 *     text stands for the token (exactly the local detection where that holds; where a server
 *     cuts its deltas otherwise, repeated text is cut differently and this one sees no loop);
 *   - the text cut into pieces, the cut loop-detector.test.ts measures the detector with (words
 *     kept to 6 letters): at least as fine as the model's BPE for most text, and the same however
 *     the server chunks it (a piece that may go on in the next chunk is held until it is known).
 * Either finding a loop stops it, so a loop is stopped within 200 tokens of its start.
 */
import { LoopDetector } from "../engine/loop-detector.js";

const PIECE = / ?[A-Za-z]{1,6}|\d|\s+|[^\sA-Za-z\d]/gu;
/** A piece that the next chunk may extend. */
const OPEN_ENDED = /^(?: ?[A-Za-z]+|\s+)$/;

export function textPieces(text: string): string[] {
  return text.match(PIECE) ?? [];
}

/** A piece's stand-in token id (FNV-1a: no table of pieces grows with the stream). */
function pieceId(piece: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < piece.length; i++) hash = Math.imul(hash ^ piece.charCodeAt(i), 0x01000193);
  return hash | 0;
}

/** Streamed text as stand-in token ids. */
export class StandInTokens {
  private held = "";

  push(text: string): number[] {
    const pieces = textPieces(this.held + text);
    const last = pieces.at(-1);
    this.held = last !== undefined && OPEN_ENDED.test(last) ? pieces.pop()! : "";
    return pieces.map(pieceId);
  }
}

export type StreamCut = "looping" | "budget";

/** Watches one answer's stream: a loop in the reasoning or in the answer, and the thinking budget. */
export class StreamWatch {
  /** Reasoning tokens so far: one per streamed piece (a server's delta is a token), or the server's count. */
  reasoningTokens = 0;
  private answerStarted = false;
  private readonly parts = {
    reasoning: { tokens: new StandInTokens(), loops: new LoopDetector(), deltaLoops: new LoopDetector() },
    answer: { tokens: new StandInTokens(), loops: new LoopDetector(), deltaLoops: new LoopDetector() },
  };

  /** `budget`: most reasoning tokens before the answer must start (null: no limit). */
  constructor(private readonly budget: number | null) {}

  /** One streamed piece of text; returns why the request must end now, if it must. */
  add(kind: "reasoning" | "answer", text: string): StreamCut | null {
    if (kind === "reasoning") this.reasoningTokens++;
    else this.answerStarted = true;
    const part = this.parts[kind];
    const inPieces = part.loops.push(part.tokens.push(text));
    if (part.deltaLoops.push([pieceId(text)]) || inPieces) return "looping";
    return this.overBudget() ? "budget" : null;
  }

  /** The server's count of generated tokens, where it sends one as it goes (vLLM's continuous usage). */
  usage(completionTokens: number | null): StreamCut | null {
    if (completionTokens === null || this.answerStarted) return null;
    this.reasoningTokens = Math.max(this.reasoningTokens, completionTokens);
    return this.overBudget() ? "budget" : null;
  }

  private overBudget(): boolean {
    return !this.answerStarted && this.budget !== null && this.reasoningTokens >= this.budget;
  }
}

/** Reasoning with the repeated copies of a loop left out, so the answer does not start in it. */
export function withoutLoop(reasoning: string): string {
  const pieces = textPieces(reasoning);
  const loop = new LoopDetector().push(pieces.map(pieceId));
  return loop ? pieces.slice(0, loop.startToken).join("") : reasoning;
}
