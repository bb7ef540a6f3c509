/**
 * Search snippets: a message's text as plain words (no Markdown, HTML or LaTeX markup), and a short window of it
 * around the match, cut where a word starts or ends. Word boundaries come from Intl.Segmenter, which knows
 * Chinese words (there are no spaces to cut at), so "…矩形的面积是…" never starts or ends inside a word.
 */

export interface Snippet {
  before: string;
  match: string;
  after: string;
}

/** LaTeX commands a reader knows as symbols; other commands keep their argument (\text{cm} → cm). */
const LATEX_SYMBOLS: Record<string, string> = {
  times: "×",
  cdot: "·",
  div: "÷",
  pm: "±",
  le: "≤",
  leq: "≤",
  ge: "≥",
  geq: "≥",
  ne: "≠",
  neq: "≠",
  approx: "≈",
  infty: "∞",
  pi: "π",
  alpha: "α",
  beta: "β",
  theta: "θ",
  degree: "°",
  circ: "°",
  to: "→",
  rightarrow: "→",
  sum: "∑",
  int: "∫",
  sqrt: "√",
};

function latexToText(tex: string): string {
  return tex
    .replace(/\\\\/g, " ")
    .replace(/\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, "$1/$2")
    .replace(/\\sqrt\s*\{([^{}]*)\}/g, "√$1")
    .replace(/\\([A-Za-z]+)(\s*)/g, (_, name: string, space: string) => {
      const symbol = LATEX_SYMBOLS[name];
      return symbol ? symbol + space : ""; // \text, \left, \mathrm…: only their argument stays
    })
    .replace(/\\[,;:! ]/g, " ")
    .replace(/[{}]/g, "");
}

type Replacement = string | ((match: string, ...groups: string[]) => string);
const tex = (_: string, source: string) => latexToText(source);

/**
 * The rewrites from Markdown to plain text, in order, each with the strings it cannot match without: a rewrite is
 * skipped when the text holds none of them (most messages have no tables, links or formulas).
 */
const REWRITES: [needs: string[], pattern: RegExp, replacement: Replacement][] = [
  // code fences: keep the code, drop the fence and its language
  [["```", "~~~"], /^\s*(```|~~~)[^\n]*$/gm, " "],
  [["<"], /<\/?[A-Za-z][^>]*>/g, " "],
  [["]("], /!\[([^\]]*)\]\([^)]*\)/g, "$1"],
  [["]("], /\[([^\]]+)\]\([^)]*\)/g, "$1"],
  // display and inline maths: their text, without delimiters
  [["$$"], /\$\$([\s\S]*?)\$\$/g, tex],
  [["\\["], /\\\[([\s\S]*?)\\\]/g, tex],
  [["\\("], /\\\(([\s\S]*?)\\\)/g, tex],
  [["$"], /\$([^$\n]+)\$/g, tex],
  [["\\boxed"], /\\boxed\s*\{([^{}]*)\}/g, "$1"],
  [["#"], /^\s{0,3}#{1,6}\s+/gm, ""],
  [[">"], /^\s{0,3}>\s?/gm, ""],
  [["-", "*", "+", ".", ")"], /^\s*(?:[-*+]|\d+[.)])\s+/gm, ""],
  [["|"], /^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$/gm, " "],
  [["|"], /\|/g, " "],
  [["**", "__", "~~"], /(\*\*|__|~~)(?=\S)([\s\S]*?\S)\1/g, "$2"],
  [["*"], /(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, "$1$2"],
  [["_"], /(^|[^\w])_(?=\S)([^_\n]*?\S)_(?!\w)/g, "$1$2"],
  [["`"], /`+([^`]*)`+/g, "$1"],
  [["&nbsp;"], /&nbsp;/g, " "],
];

/** Markdown (with HTML and LaTeX) as the words a reader sees. Bounded: callers pass at most a message. */
export function plainText(markdown: string): string {
  let text = markdown;
  for (const [needs, pattern, replacement] of REWRITES) {
    if (needs.some((needle) => text.includes(needle))) text = text.replace(pattern, replacement as string);
  }
  return text.replace(/\s+/g, " ").trim();
}

const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(text: string): Intl.Segmenter {
  const locale = /\p{Script=Han}/u.test(text) ? "zh" : "en";
  let s = segmenters.get(locale);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity: "word" });
    segmenters.set(locale, s);
  }
  return s;
}

const SPACE = /\s/u;
const CJK_OR_PUNCTUATION =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/** Marks and format characters attach to the character before them: a space followed by one is not a word's end. */
const ATTACHES = /[\p{M}\p{Cf}]/u;

/**
 * The first (direction 1) or last (-1) offset between `from` and `to` where a word (or a space, or punctuation)
 * starts and a snippet may be cut: next to a space, or beside CJK text (where the segmenter's words are the only
 * boundaries there are). Between "b", "^" and "2" the segmenter sees boundaries too, but "b^2" is one word to a
 * reader. Next to a space no segmenter is needed (plainText leaves single spaces, and
 * Unicode's word rules always break there unless a mark follows); only a run of text without spaces next to CJK
 * text is segmented, as far as the window reaches, once (Intl.Segmenter costs tens of microseconds a call, and
 * search builds a snippet per hit).
 */
function boundary(text: string, from: number, to: number, direction: 1 | -1): number | undefined {
  // segment a little more than the window: a cut at the window's own edge may be inside a word
  const lo = Math.max(0, from - 24);
  const hi = Math.min(text.length, to + 24);
  const first = Math.max(0, from);
  const last = Math.min(to, text.length);
  let run: { start: number; end: number; cuts: Set<number> } | null = null;
  for (let at = direction > 0 ? first : last; at >= first && at <= last; at += direction) {
    if (at === 0 || at === text.length) return at;
    const before = text[at - 1]!;
    const after = text[at]!;
    if (SPACE.test(after)) return at;
    if (SPACE.test(before)) {
      if (!ATTACHES.test(after)) return at;
      continue;
    }
    if (!CJK_OR_PUNCTUATION.test(before) && !CJK_OR_PUNCTUATION.test(after)) continue;
    if (!run || at <= run.start || at >= run.end) run = segmentRun(text, at, lo, hi);
    if (run.cuts.has(at)) return at;
  }
  return undefined;
}

/** The segmenter's word starts inside the run of non-space text around `at`, within [lo, hi). */
function segmentRun(text: string, at: number, lo: number, hi: number) {
  let start = at;
  while (start > lo && !SPACE.test(text[start - 1]!)) start--;
  let end = at;
  while (end < hi && !SPACE.test(text[end]!)) end++;
  const piece = text.slice(start, end);
  const cuts = new Set<number>();
  // the locale as the window's text decides it (Chinese when it holds Han characters)
  for (const { index } of segmenter(text.slice(lo, hi)).segment(piece)) if (index > 0) cuts.add(start + index);
  return { start, end, cuts };
}

/**
 * A message longer than this is made plain text only around its first match: plainText costs about 75 µs a
 * kilobyte, and a search makes a snippet for each of up to 200 hits.
 */
const WHOLE = 4000;
/** How much of a long message's raw text is kept either side of its match (paragraphs are kept whole). */
const AROUND = 1000;

interface Part {
  piece: string;
  /** Whether text of the message was left out before and after the piece. */
  before: boolean;
  after: boolean;
}

function count(text: string, what: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf(what, from); i >= 0 && i < to; i = text.indexOf(what, i + what.length)) n++;
  return n;
}

/** The paragraphs of a long message around the first raw occurrence of the needle; null for a short message or none. */
function around(markdown: string, needle: string): Part | null {
  if (markdown.length <= WHOLE || !needle) return null;
  const at = markdown.toLowerCase().indexOf(needle);
  if (at < 0) return null;
  let start = at <= AROUND ? 0 : Math.max(0, markdown.lastIndexOf("\n\n", at - AROUND));
  let end = markdown.indexOf("\n\n", at + needle.length + AROUND);
  if (end < 0) end = markdown.length;
  // never inside a display formula: an odd number of $$ before an edge means the formula goes on across it
  if (count(markdown, "$$", 0, start) % 2 === 1) start = markdown.lastIndexOf("$$", start - 1);
  if (count(markdown, "$$", start, end) % 2 === 1) {
    const close = markdown.indexOf("$$", end);
    end = close < 0 ? markdown.length : close + 2;
  }
  return { piece: markdown.slice(start, end), before: start > 0, after: end < markdown.length };
}

/**
 * About `context` characters of plain text either side of the first case-insensitive occurrence of `term`, cut at
 * word boundaries, with "…" where text was left out. Without an occurrence: the text's beginning.
 */
export function makeSnippet(markdown: string, term: string, context = 40): Snippet {
  const needle = term.trim().replace(/\s+/g, " ").toLowerCase();
  const part = around(markdown, needle);
  // the needle may occur in the raw text only inside markup: then the whole message is made plain text
  const inPart = part && cutAround(plainText(part.piece), needle, context, part);
  if (inPart) return inPart;
  const text = plainText(markdown.length > 200_000 ? markdown.slice(0, 200_000) : markdown);
  const found = cutAround(text, needle, context, { before: false, after: false });
  if (found) return found;
  const end = cutEnd(text, 0, context * 2);
  return { before: "", match: "", after: text.slice(0, end) + (end < text.length ? "…" : "") };
}

function cutAround(
  text: string,
  needle: string,
  context: number,
  leftOut: { before: boolean; after: boolean },
): Snippet | null {
  const index = needle ? text.toLowerCase().indexOf(needle) : -1;
  if (index < 0) return null;
  const matchEnd = index + needle.length;
  const start = cutStart(text, index, context);
  const end = cutEnd(text, matchEnd, context);
  return {
    before: (start > 0 || leftOut.before ? "…" : "") + text.slice(start, index).trimStart(),
    match: text.slice(index, matchEnd),
    after: text.slice(matchEnd, end).trimEnd() + (end < text.length || leftOut.after ? "…" : ""),
  };
}

/** The earliest word start within `context` characters before `index` (never cutting a word in two). */
function cutStart(text: string, index: number, context: number): number {
  if (index <= context) return 0;
  let start = boundary(text, index - context, index, 1) ?? index;
  // a snippet starts with a word, not with the end of the sentence before it ("…。由周长得" → "…由周长得")
  while (start < index && /[\p{P}\s]/u.test(text[start]!)) start++;
  return start;
}

/** The latest word end within `context` characters after `from`. */
function cutEnd(text: string, from: number, context: number): number {
  if (text.length - from <= context) return text.length;
  return boundary(text, from, from + context, -1) ?? from;
}
