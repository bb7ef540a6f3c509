/**
 * One answer as written (`\frac{5}{6}`, `2\frac{1}{2}`, `1.5\times10^{3}`, `68 dollars`, `x = 2 or x = 3`,
 * `\{2, 3\}`, `三百五十`, `\text{Wednesday}`) read as values: numbers with their unit, or text.
 */
import { CHINESE_NUMERAL, chineseNumeral } from "./chinese-numerals.js";
import { numericValue } from "./evaluate.js";
import { latexToPlain } from "./latex.js";

export interface AnswerValue {
  /** The number, or null for a text answer. */
  value: number | null;
  /** The value as written, LaTeX removed. */
  text: string;
  unit: string | null;
  percent: boolean;
  /** The variable this value is given for (`y = 3` → y), if named. */
  name: string | null;
  /** Decimal places as written (5.67 → 2), null unless the value is a plain decimal: the precision it claims. */
  decimals: number | null;
}

export interface ReadValues {
  values: AnswerValue[];
  /** The variable the answer names (`x = 5` → x), if any. */
  variable: string | null;
}

// Words and symbols that may follow a number as its unit (or what it counts): never part of the value.
const UNIT_TAIL =
  /\s*(?:(?:sq\.?|square|cubic)\s+)?(?:[a-zA-Z]{2,}|[mgshlL](?=\s*(?:\/|\^|$))|[\u4e00-\u9fff]+)(?:\s*(?:\/|\^|per\s)\s*\(?[a-zA-Z0-9\u4e00-\u9fff]+\)?|\s+[a-zA-Z\u4e00-\u9fff]+)*\s*$/;
const MATH_WORDS = /^(?:pi|sqrt|cbrt|mod)\b/;

function decimalsOf(text: string): number | null {
  const m = /^-?\d+(?:\.(\d+))?$/.exec(text.trim());
  return m ? (m[1]?.length ?? 0) : null;
}

/** One value: a number (with unit, percent) or, when it is not a number, its text. */
function readOne(part: string): AnswerValue {
  let text = part
    .trim()
    .replace(/^\*+|\*+$/g, "")
    .trim();
  let percent = false;
  let unit: string | null = null;
  text = text.replace(/^(?:\\?\$|¥|￥|US\$)\s*/, "");
  const cn = /^百分之(.+)$/.exec(text);
  if (cn) {
    text = cn[1]!;
    percent = true;
  }
  if (/(?:%|\bpercent\b|个百分点)\s*$/.test(text)) {
    text = text.replace(/\s*(?:%|\bpercent\b|个百分点)\s*$/, "");
    percent = true;
  }
  let value = numericValue(text);
  if (value === null) {
    // the unit starts at the first word after which the rest reads as a unit: "9 pi cm^2" → 9π, "cm^2"
    for (const split of text.matchAll(/(?:\s+|(?<=[\d)]))(?=[a-zA-Z\u4e00-\u9fff])/g)) {
      const tail = text.slice(split.index).trim();
      if (MATH_WORDS.test(tail) || !UNIT_TAIL.test(` ${tail}`)) continue;
      const head = text.slice(0, split.index).trim();
      const headValue = numericValue(head.replace(/\s*%$/, ""));
      if (headValue === null) continue;
      unit = tail;
      if (/%$/.test(head)) percent = true;
      text = head.replace(/\s*%$/, "");
      value = headValue;
      break;
    }
  }
  if (value === null) {
    const cnMatch = new RegExp(`^负?${CHINESE_NUMERAL.source}`).exec(text);
    const cnValue = cnMatch ? chineseNumeral(cnMatch[0]) : null;
    // 三百五十, 十二个: a numeral, then at most a short measure word (一共有… is not the number one)
    if (
      cnMatch &&
      cnValue !== null &&
      text.length - cnMatch[0].length <= 4 &&
      (cnMatch[0].length > 1 || text.length <= 2)
    ) {
      unit = text.slice(cnMatch[0].length).trim() || null;
      value = cnValue;
    }
  }
  if (value !== null && unit === null && / deg$/.test(` ${text}`)) unit = "°";
  return {
    value,
    text: value === null ? part.trim() : text,
    unit,
    percent,
    name: null,
    decimals: value === null ? null : decimalsOf(text),
  };
}

/** Top-level splits of a list (commas, "or", "and", 或, 和, 、) outside brackets. */
function splitList(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  const separator = /^(?:\s*,\s*|\s*;\s*|\s+or\s+|\s+and\s+|\s*(?:或|和|与|及|、|以及)\s*)/i;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (depth === 0) {
      const m = separator.exec(text.slice(i));
      if (m && i > start) {
        parts.push(text.slice(start, i));
        i += m[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Outer brackets of a set or a pair, `\{2, 3\}` / `(2, 3)`, removed when they hold a list. */
function unwrap(text: string): string {
  const m = /^[([]\s*([\s\S]*?)\s*[)\]]$/.exec(text);
  return m && /,/.test(m[1]!) ? m[1]! : text;
}

/** Reads an answer: its values and the variable it names. */
export function readValues(raw: string): ReadValues {
  const plain = latexToPlain(raw.replace(/\\\{|\\\}/g, (b) => (b === "\\{" ? "(" : ")")))
    .replace(/\*\*/g, "")
    .replace(/\s*\.\s*$/, "")
    .replace(/[。；]$/, "");
  let variable: string | null = null;
  const values: AnswerValue[] = [];
  for (const piece of splitList(unwrap(plain))) {
    let part = piece;
    // `x = 5`, `x_1 = 2`, `A = 15 * 10 = 150`: the value is what the last `=` gives
    const named = /^([a-zA-Z])(?:_?\d)?\s*=/.exec(part);
    if (named) variable ??= named[1]!;
    const name = named ? named[1]! : null;
    if (part.includes("=") && !/[<>!]=|=[<>]/.test(part)) part = part.slice(part.lastIndexOf("=") + 1);
    const pm = /^(.*?)\\pm\s*(.+)$/.exec(part);
    if (pm) {
      const base = pm[1]!.trim();
      const offset = readOne(pm[2]!);
      const baseValue = base ? readOne(base).value : 0;
      if (offset.value !== null && baseValue !== null) {
        for (const sign of [-1, 1]) {
          const v = baseValue + sign * offset.value;
          values.push({ value: v, text: String(v), unit: offset.unit, percent: false, name, decimals: null });
        }
        continue;
      }
    }
    values.push({ ...readOne(part), name });
  }
  if (values.length > 1 && values.some((v) => v.value === null)) {
    // "Wednesday and Thursday" is a list of words, but "3 apples and 2 pears" read this way is not trustworthy
    return { values: [readOne(plain)], variable };
  }
  return { values, variable };
}

/** A number as the CLI prints it: at most 6 decimals, no trailing zeros (0.833333, 1500, 2.5). */
export function formatNumber(value: number): string {
  const fixed = value.toFixed(6).replace(/\.?0+$/, "");
  return fixed === "-0" ? "0" : fixed;
}

/** The answer as one plain value: numbers as decimals, lists joined by ", ", else the text. */
export function plainValue(values: readonly AnswerValue[]): string {
  return values.map((v) => (v.value === null ? v.text : formatNumber(v.value))).join(", ");
}
