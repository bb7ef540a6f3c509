/**
 * Helpers for full-text search. The trigram index finds any substring of 3+ characters (CJK included). Shorter
 * words (1–2 Latin letters, 面积, x, π) are found through a second index holding, for each indexed text, every
 * distinct 1- and 2-character substring of its lower-cased text: a word of one or two characters is in a text exactly
 * when its gram is in that set, so the index narrows without ever missing a match.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const SPACE = /\s/u;

export function isCjk(text: string): boolean {
  return CJK.test(text);
}

/**
 * A 1- or 2-character gram as one index token: each code point in 4 base-36 digits (36⁴ > 0x10FFFF). Any character
 * (CJK, Greek, punctuation, emoji) becomes a token of letters and digits, so no tokenizer rule (case folding,
 * diacritics, separators) can make the index disagree with the text.
 */
export function gramToken(gram: string): string {
  let token = "";
  for (const char of gram) token += char.codePointAt(0)!.toString(36).padStart(4, "0");
  return token;
}

/** Every distinct 1- and 2-character gram of the lower-cased text (none spanning white space): the short index's document. */
export function shortGrams(text: string): string {
  const chars = [...text.toLowerCase()];
  const grams = new Set<string>();
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (SPACE.test(char)) continue;
    grams.add(char);
    const next = chars[i + 1];
    if (next !== undefined && !SPACE.test(next)) grams.add(char + next);
  }
  return [...grams].map(gramToken).join(" ");
}

/** An FTS5 string literal. */
export function ftsQuote(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}
