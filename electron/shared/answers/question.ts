/** A math question made readable for the check: plain math, words for operations rewritten, its math runs. */
import { latexToPlain } from "./latex.js";
import { toHalfWidth } from "./text.js";

const PLACE_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4 };
const NEAREST: Record<string, number> = {
  tenth: 1,
  hundredth: 2,
  thousandth: 3,
  "whole number": 0,
  integer: 0,
  unit: 0,
  one: 0,
  十分位: 1,
  百分位: 2,
  千分位: 3,
  个位: 0,
  整数: 0,
};

export interface Question {
  /** Plain math with operation words rewritten; the rounding instruction removed. */
  plain: string;
  lower: string;
  /** Decimal places the question asks for, or null; "significant figures" makes the question unsupported. */
  places: number | null;
  unsupportedRounding: boolean;
}

/** Reads "to two decimal places", "to the nearest tenth", "保留两位小数", "精确到0.01" and removes it. */
function takeRounding(text: string): { text: string; places: number | null; unsupported: boolean } {
  let places: number | null = null;
  const patterns: [RegExp, (m: RegExpMatchArray) => number | null][] = [
    [
      /(?:\(|,)?\s*(?:correct |rounded |round(?:ed)? (?:it |the answer |your answer )?)?to (\d|one|two|three|four) (?:decimal places?|decimals?|d\.?\s?p\.?)\)?/i,
      (m) => (/\d/.test(m[1]!) ? Number(m[1]) : (PLACE_WORDS[m[1]!.toLowerCase()] ?? null)),
    ],
    [
      /(?:\(|,)?\s*(?:rounded |round(?:ed)? (?:it |the answer )?)?to the nearest (tenth|hundredth|thousandth|whole number|integer|unit|one)\)?/i,
      (m) => NEAREST[m[1]!.toLowerCase()] ?? null,
    ],
    [
      /[(（,，]?\s*(?:结果)?保留(\d|一|二|两|三|四)位小数[)）]?/,
      (m) => (/\d/.test(m[1]!) ? Number(m[1]) : (PLACE_WORDS[m[1]!] ?? null)),
    ],
    [/[(（,，]?\s*(?:结果)?精确到\s*0\.(0*)1[)）]?/, (m) => m[1]!.length + 1],
    [/[(（,，]?\s*(?:结果)?精确到(十分位|百分位|千分位|个位|整数)[)）]?/, (m) => NEAREST[m[1]!] ?? null],
  ];
  let out = text;
  for (const [pattern, read] of patterns) {
    const m = pattern.exec(out);
    if (m) {
      places = read(m);
      out = out.slice(0, m.index) + out.slice(m.index! + m[0].length);
    }
  }
  // any other rounding or estimating instruction ("to the nearest ten", "约", "估算") is one the check cannot model
  const unsupported =
    /significant (?:figures|digits)|有效数字|nearest|round|estimate|approximat|精确|保留|约|估算|四舍五入/i.test(out);
  return { text: out, places, unsupported };
}

/** Operation words as symbols: "the remainder when 391 is divided by 5" → "391 mod 5", "25% of 80" → "25% * 80". */
function rewriteWords(text: string): string {
  const num = String.raw`(-?\d+(?:\.\d+)?)`;
  return text
    .replace(/\bmodulo\b/gi, " mod ")
    .replace(/(?:the )?remainder (?:when|of) (.+?) (?:is )?divided by (\d+)/gi, "($1) mod $2")
    .replace(/(.+?)除以\s*(\d+)\s*的余数/g, "($1) mod $2")
    .replace(new RegExp(`(?:the )?square root of ${num}`, "gi"), "sqrt($1)")
    .replace(new RegExp(`(?:the )?cube root of ${num}`, "gi"), "cbrt($1)")
    .replace(new RegExp(`${num}\\s*的平方根`, "g"), "sqrt($1)")
    .replace(new RegExp(`${num}\\s*的立方根`, "g"), "cbrt($1)")
    .replace(new RegExp(`${num} squared`, "gi"), "$1^2")
    .replace(new RegExp(`${num} cubed`, "gi"), "$1^3")
    .replace(new RegExp(`${num} (?:raised )?to the (?:power of |)${num}(?:th|st|nd|rd)?(?: power)?`, "gi"), "$1^$2")
    .replace(new RegExp(`${num}\\s*的\\s*${num}\\s*次方`, "g"), "$1^$2")
    .replace(new RegExp(`${num}\\s*%\\s*of\\s*${num}`, "gi"), "$1% * $2")
    .replace(new RegExp(`${num}\\s*的\\s*${num}\\s*%`, "g"), "$2% * $1")
    .replace(new RegExp(`${num}\\s*的\\s*百分之\\s*${num}`, "g"), "$2% * $1")
    .replace(new RegExp(`${num} (?:divided by|over) ${num}`, "gi"), "$1 / $2")
    .replace(new RegExp(`${num} (?:times|multiplied by) ${num}`, "gi"), "$1 * $2")
    .replace(new RegExp(`${num} plus ${num}`, "gi"), "$1 + $2")
    .replace(new RegExp(`${num} minus ${num}`, "gi"), "$1 - $2")
    .replace(new RegExp(`${num}\\s*(?:乘以|乘)\\s*${num}`, "g"), "$1 * $2")
    .replace(new RegExp(`${num}\\s*除以\\s*${num}`, "g"), "$1 / $2")
    .replace(new RegExp(`${num}\\s*加上?\\s*${num}`, "g"), "$1 + $2")
    .replace(new RegExp(`${num}\\s*减去?\\s*${num}`, "g"), "$1 - $2");
}

export function readQuestion(question: string): Question {
  const rounding = takeRounding(toHalfWidth(question.slice(0, 5000)));
  const plain = rewriteWords(latexToPlain(rounding.text.replace(/\\\{|\\\}/g, " ")))
    .replace(/[，、；]/g, ", ")
    .replace(/[。]/g, ". ")
    .replace(/[？]/g, "?");
  return { plain, lower: plain.toLowerCase(), places: rounding.places, unsupportedRounding: rounding.unsupported };
}

/** Numbers in a text (each digit group once: 2.5 is one number). */
export const countNumbers = (text: string) => (text.match(/\d+(?:\.\d+)?/g) ?? []).length;

const MATH_WORD = /^(?:sqrt|cbrt|pi|mod)$/;

/**
 * Runs of the question that read as math: numbers, one-letter variables, operators, brackets, `=`
 * ("If 2x + 3 = 11, what is 4x?" → "2x + 3 = 11", "4x"). A run keeps a trailing "= ?" as "=?".
 */
export function mathRuns(plain: string): string[] {
  const tokens = plain.match(/\d+(?:\.\d+)?|[a-zA-Z]+(?:'|′)?|_\d|[-+*/^=()%]|\s+|[\s\S]/g) ?? [];
  const runs: string[] = [];
  let run = "";
  const flush = () => {
    runs.push(run);
    run = "";
  };
  for (const [i, token] of tokens.entries()) {
    const word = /^[a-zA-Z]/.test(token);
    const isMath =
      /^(?:\d|[-+*/^=()%]|\s|_\d)/.test(token) ||
      (word &&
        (MATH_WORD.test(token) ||
          (token.length === 1 && !/^[aAI]$/.test(token)) ||
          (/^[aA]$/.test(token) &&
            /[-+*/^=()\d]/.test(`${tokens[i - 1] ?? ""}${tokens[i + 1] ?? ""}${tokens[i + 2] ?? ""}`))));
    if (token === "?" && /=\s*$/.test(run)) {
      run = `${run.replace(/=\s*$/, "")}=?`;
      flush();
    } else if (isMath) run += token;
    else flush();
  }
  flush();
  return runs
    .map((r) =>
      r
        .trim()
        .replace(/^[+*/^=)%,\s]+|[-+*/^(\s]+$/g, "")
        .replace(/=$/, "")
        .trim(),
    )
    .map((r) => balance(r))
    .filter((r) => /\d/.test(r) || /[-+*/^=]/.test(r) || /^[a-z]$/.test(r));
}

/** A run cut inside brackets ("(2x + 3" from "(2x + 3 is …)") loses the unmatched bracket. */
function balance(run: string): string {
  let out = run;
  while ((out.match(/\(/g) ?? []).length > (out.match(/\)/g) ?? []).length && out.startsWith("(")) out = out.slice(1);
  while ((out.match(/\)/g) ?? []).length > (out.match(/\(/g) ?? []).length && out.endsWith(")")) out = out.slice(0, -1);
  return out.trim();
}

/** Math as shown to a reader: × for *, − for -. */
export const showMath = (text: string) =>
  text
    .replace(/\s*\*\s*/g, " × ")
    .replace(/\s+-\s+/g, " − ")
    .replace(/\s+/g, " ")
    .trim();
