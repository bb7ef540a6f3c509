/**
 * What every side of bench:engine shares: the sampling (the model card's temperature and top-p, top-k 40,
 * no min-p, no repeat penalty), the prompts, and the figures one run yields.
 */
export const SAMPLING = { temperature: 0.6, topP: 0.95, topK: 40, minP: 0, seed: 42 } as const;

export interface RunFigures {
  /** From "send" to the first token (the first token drawn, for the whole path). */
  ttftMs: number;
  promptTokens: number;
  generatedTokens: number;
  ppTps: number;
  tgTps: number;
}

export function figures(
  start: number,
  tokenTimes: readonly number[],
  promptTokens: number,
  generated?: number,
): RunFigures {
  const first = tokenTimes[0] ?? Number.NaN;
  const last = tokenTimes.at(-1) ?? Number.NaN;
  const count = generated ?? tokenTimes.length;
  const ttftMs = first - start;
  return {
    ttftMs,
    promptTokens,
    generatedTokens: count,
    ppTps: (promptTokens * 1000) / ttftMs,
    tgTps: count > 1 && last > first ? ((count - 1) * 1000) / (last - first) : Number.NaN,
  };
}

const openers = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliet"];
const filler =
  "Consider a rectangle whose length exceeds its width by five centimetres and whose perimeter is fifty centimetres. ";

/** Distinct prompts (no shared prefix beyond the chat template) of roughly 500 tokens: one per round and side. */
export function prompt(round: number, side: string): string {
  return `${openers[round % openers.length]} ${round} ${side}: ${filler.repeat(11)}What is the area?`;
}

export const WARMUP_PROMPT = `Zulu: ${filler.repeat(11)}`;
