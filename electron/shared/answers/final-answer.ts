/**
 * The final answer of a model's reply, read the way a teacher would: the last `\boxed{}`, else an explicit
 * "the answer is / Answer: / 答案是" phrase, else the last number of the last sentence that has one.
 */
import { CHINESE_NUMERAL } from "./chinese-numerals.js";
import { latexToPlain } from "./latex.js";
import { boxedContents, toHalfWidth } from "./text.js";
import { type AnswerValue, plainValue, readValues } from "./values.js";

export type FinalSource = "boxed" | "phrase" | "last-number";

export interface FinalAnswer {
  /** The answer as written (LaTeX or text). */
  raw: string;
  source: FinalSource;
  values: AnswerValue[];
  variable: string | null;
  /** The normalised plain value: "0.833333", "2, 3", "Wednesday". */
  final: string;
  /** False when the reading is a guess (a sentence with several numbers and nothing saying which is the answer). */
  certain: boolean;
}

const MAX_INPUT = 200_000;

const PHRASE =
  /(?:final answer|the answer|answer|answers|最终答案|答案|结果|答)\s*(?:is|are|would be|will be|should be|=|是|为|應為|应为)?\s*[:：]?\s*(?:\*\*)?\s*[:：]?\s*(.+?)(?=\s*(?:\n|。|；|\.(?:\s|$)|!|\?|$))/gi;

const NUMBER = /-?(?:\d+(?:\.\d+)?|\.\d+)(?:\s*\/\s*\d+(?![\d.]))?(?:\s*%)?/g;
const COPULA =
  /(?:=|\bso\b|\btherefore\b|\bthus\b|\bhence\b|所以|因此|故|\bis\b|\bare\b|\bwas\b|\bequals\b|\bgives\b|\bget\b|\bbe\b|是|为|等于|得|约|共)\s*(?:about|approximately|around|exactly|\$|¥)?\s*$/i;
const PREPOSITION =
  /(?:\bafter|\bbefore|\bof|\bfrom|\bwith|\bby|\bfor|\bin|\bat|\bthan|\bper|\bover|\bunder|\bout of|比|从|以|按|打)\s*(?:the|a|an|its)?\s*$/i;

function build(raw: string, source: FinalSource, certain: boolean): FinalAnswer | null {
  const { values, variable } = readValues(raw);
  if (values.length === 0) return null;
  return { raw, source, values, variable, final: plainValue(values), certain };
}

/** A list stated in a sentence: `x = 2 or x = 3`, `x₁ = 2, x₂ = 3`. */
function listIn(sentence: string): string | null {
  const m = /([a-zA-Z])(?:_?\d)?\s*=\s*-?[\d.]+(?:\s*(?:,|or|and|或|和)\s*(?:\1(?:_?\d)?\s*=\s*)?-?[\d.]+)+/i.exec(
    sentence,
  );
  return m ? m[0] : null;
}

/** The answer number of one sentence: the one after "is / = / 是", else one not inside "after the 15%…", else the last. */
function numberOfSentence(sentence: string): { raw: string; certain: boolean } | null {
  const list = listIn(sentence);
  if (list) return { raw: list, certain: true };
  const found = [...sentence.matchAll(NUMBER)];
  if (found.length === 0) {
    // 一共有两千零五本书: a Chinese numeral of two or more characters
    const numerals = [...sentence.matchAll(new RegExp(CHINESE_NUMERAL.source, "g"))].filter((m) => m[0].length > 1);
    return numerals.length === 0 ? null : { raw: numerals.at(-1)![0], certain: numerals.length === 1 };
  }
  const withTail = (m: RegExpMatchArray) => {
    const tail = /^\s*(?:[a-zA-Z]{1,12}(?:\/[a-zA-Z]{1,4}|\^\d)?|[\u4e00-\u9fff]{1,4})/.exec(
      sentence.slice(m.index! + m[0].length),
    );
    return `${m[0]}${tail ? tail[0] : ""}`;
  };
  if (found.length === 1) return { raw: withTail(found[0]!), certain: true };
  const after = found.filter((m) => COPULA.test(sentence.slice(Math.max(0, m.index! - 24), m.index)));
  if (after.length > 0) return { raw: withTail(after.at(-1)!), certain: after.length === 1 };
  const free = found.filter((m) => !PREPOSITION.test(sentence.slice(Math.max(0, m.index! - 16), m.index)));
  if (free.length > 0) return { raw: withTail(free.at(-1)!), certain: false };
  return { raw: withTail(found.at(-1)!), certain: false };
}

/** Sentences of a text; a full stop between digits (5.67) does not end one. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/\n+|(?<=[。！？；])|(?<=[.!?])(?=\s|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function readFinalAnswer(answer: string): FinalAnswer | null {
  const text = toHalfWidth(answer.slice(0, MAX_INPUT));
  const boxed = boxedContents(text);
  for (const raw of boxed.reverse()) {
    const read = build(raw, "boxed", true);
    if (read) return read;
  }
  const phrases = [...text.matchAll(PHRASE)];
  for (const m of phrases.reverse()) {
    const content = m[1]!.replace(/\*\*/g, "").trim();
    if (!content) continue;
    const whole = build(content, "phrase", true);
    if (whole?.values.every((v) => v.value !== null)) return whole;
    const plain = latexToPlain(content);
    const inner = numberOfSentence(plain);
    if (inner) return build(inner.raw, "phrase", inner.certain);
    if (whole && content.length <= 40 && !/\d/.test(content)) return whole;
  }
  const sentences = sentencesOf(text);
  for (let i = sentences.length - 1; i >= 0; i--) {
    const found = numberOfSentence(latexToPlain(sentences[i]!));
    if (found) return build(found.raw, "last-number", found.certain);
  }
  return null;
}
