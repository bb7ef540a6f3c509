/**
 * Agreement of several attempts at one question: their final answers, read with the one answer reader, grouped;
 * the largest group is the majority (a tie goes to the group whose first attempt came first). An attempt with no
 * readable answer agrees with nobody.
 */
import { readFinalAnswer } from "./final-answer.js";

export interface AnswerGroup {
  /** The answer every attempt of the group gave (the reader's normalised value). */
  key: string;
  /** The attempts' indexes, in order. */
  attempts: number[];
}

export interface Agreement {
  /** The majority answer, or null when no attempt has a readable answer. */
  key: string | null;
  /** How many attempts gave the majority answer. */
  size: number;
  /** How many attempts there were. */
  of: number;
  /** The attempt shown for the whole: the first that gave the majority answer (else the first). */
  chosen: number;
  groups: AnswerGroup[];
}

/** Groups attempts by a key each (null: no answer), largest group first. */
export function groupByKey(keys: readonly (string | null)[]): Agreement {
  const byKey = new Map<string, number[]>();
  keys.forEach((key, index) => {
    if (key === null) return;
    const group = byKey.get(key);
    if (group) group.push(index);
    else byKey.set(key, [index]);
  });
  const groups = [...byKey].map(([key, attempts]) => ({ key, attempts }));
  // stable: equal sizes keep the order of their first attempt
  groups.sort((a, b) => b.attempts.length - a.attempts.length || a.attempts[0]! - b.attempts[0]!);
  const top = groups[0];
  return {
    key: top?.key ?? null,
    size: top?.attempts.length ?? 0,
    of: keys.length,
    chosen: top?.attempts[0] ?? 0,
    groups,
  };
}

/** The final answer of a math reply as the grouping key (the reader's normalised value). */
export function finalAnswerKey(answer: string): string | null {
  return readFinalAnswer(answer)?.final ?? null;
}

/**
 * The final answer of one attempt, by how it ended: an attempt cut off (stopped, looping, out of tokens) counts only
 * with a boxed answer, not with the last number it happened to write.
 */
export function attemptAnswerKey(answer: string, finishReason: string): string | null {
  const read = readFinalAnswer(answer);
  if (!read) return null;
  return finishReason === "end" || finishReason === "budget" || read.source === "boxed" ? read.final : null;
}

/** The agreement of math replies (all ended normally unless `finishReasons` says otherwise). */
export function agreeOnAnswers(answers: readonly string[], finishReasons?: readonly string[]): Agreement {
  return groupByKey(answers.map((answer, i) => attemptAnswerKey(answer, finishReasons?.[i] ?? "end")));
}
