/**
 * The verdict of a logic answer (yes / no / cannot be determined, English and Chinese): from the first sentence
 * that states one, with question words (whether, 是否, 能否) and negations read as such.
 */
import { toHalfWidth } from "./text.js";

export type Verdict = "yes" | "no" | "cannot_be_determined";

const UNDETERMINED = [
  /cannot be (?:determined|concluded|inferred|deduced|known|told|established|proven|proved)/i,
  /can ?not (?:be )?(?:conclude|infer|deduce|determine|tell|know|be sure|say (?:for sure|for certain|definitively))/i,
  /can't (?:be )?(?:conclude|infer|deduce|determine|tell|know|be sure|say)/i,
  /(?:not|no|in) ?(?:enough|sufficient|insufficient) (?:information|info|evidence|data)/i,
  /\b(?:undetermined|indeterminate|uncertain|unknown|undecidable|not necessarily|may or may not|unclear)\b/i,
  /(?:impossible|not possible|unable) to (?:determine|tell|know|conclude|say)/i,
  /does not necessarily (?:follow|hold)/i,
  /无法(?:确定|判断|推出|得出|推断|断定|得知|知道)|不能(?:确定|判断|推出|得出|推断|断定)|不一定|推不出|不确定|未必|不可以推出|不能够推出|不可确定|无从(?:判断|得知)/,
];
const NO = [
  /\bno\b(?=\s*(?:[,.!;:)]|$|\*|—|-))/i,
  /\b(?:false|incorrect|invalid)\b/i,
  /\b(?:is not|isn't|are not|aren't|not) (?:true|correct|valid)\b/i,
  /\b(?:does not|doesn't|do not|don't) (?:follow|hold)\b/i,
  /\bcannot be true\b/i,
  /不是|不对|错误|不正确|不成立|不能成立|(?<![是能可与])否(?!则|定)|不可以|并非|不会/,
];
const YES = [
  /\byes\b/i,
  /\b(?:is|are|was|be|it's) (?:true|correct|valid)\b|^[\s*#>_"'“]*(?:true|correct|valid)\b/i,
  /\b(?:it|this|the conclusion) (?:does )?(?:follows?|holds?)\b/i,
  /是的|正确|成立|可以推出|能推出|可以得出|能得出|一定|必然|^[\s*#>_"'“]*[是对][\s*#>_"'“]*$|^[\s*#>_"'“]*(?:是|对)[，,。.！!]/,
];

// Question parts say nothing: "whether it follows", "判断结论是否成立", "true or false", "yes or no".
const QUESTION_PART =
  /\b(?:whether|if)\b[^,;:，；：]*|\b(?:true or false|yes or no|yes\/no)\b|是否[^，；：,;:]*|能否[^，；：,;:]*|可否[^，；：,;:]*|是不是[^，；：,;:]*|对不对[^，；：,;:]*/gi;
const LABEL =
  /^[\s*#>_"'“]*(?:(?:final )?(?:verdict|answer|conclusion)|结论|答案|回答|最终答案|判断结果)\s*(?:is|是|为)?\s*\**\s*[:：]?\s*\**/i;

function firstMatch(patterns: RegExp[], text: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (const p of patterns) {
    const m = p.exec(text);
    if (m && m.index < best) best = m.index;
  }
  return best;
}

/** The verdict one sentence states, or null. */
export function verdictOfSentence(sentence: string): Verdict | null {
  if (/[?？]\s*$/.test(sentence)) return null; // a question (often the problem restated) states nothing
  const text = sentence.replace(LABEL, "").replace(QUESTION_PART, " ").replace(/\*+/g, "").trim();
  if (!text) return null;
  const u = firstMatch(UNDETERMINED, text);
  const n = firstMatch(NO, text);
  const y = firstMatch(YES, text);
  const best = Math.min(u, n, y);
  if (best === Number.POSITIVE_INFINITY) return null;
  // a longer undetermined phrase wins a tie with the negation inside it ("cannot be determined", "不能确定")
  if (u <= best + 3 && u !== Number.POSITIVE_INFINITY) return "cannot_be_determined";
  return n === best ? "no" : "yes";
}

/** Logic mode's verdict, or null when the answer states none. */
export function readVerdict(answer: string): Verdict | null {
  const text = toHalfWidth(answer.slice(0, 100_000));
  // a labelled line ("Verdict: …", "结论：…") is the answer's own summary: it counts first
  for (const line of text.split("\n")) {
    if (/^[\s*#>_"'“]*(?:final )?(?:verdict|conclusion|answer|结论|答案|最终答案)\s*\**\s*[:：是为]/i.test(line)) {
      const labelled = verdictOfSentence(line.replace(/[.。!！]\s*$/, ""));
      if (labelled) return labelled;
    }
  }
  for (const sentence of text.split(/\n+|(?<=[。！？!?])|(?<=\.)(?=\s|$)/)) {
    const verdict = verdictOfSentence(sentence.trim());
    if (verdict) return verdict;
  }
  return null;
}
