/**
 * Helpers for full-text search. The trigram index finds any substring of 3+ characters (CJK
 * included); two-character CJK words (面积) that a trigram index cannot match are found through a
 * second index of CJK character bigrams.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

export function isCjk(text: string): boolean {
  return CJK.test(text);
}

/** Every overlapping pair of CJK characters, space-separated: the bigram index's document. */
export function cjkBigrams(text: string): string {
  const grams: string[] = [];
  for (const run of text.match(CJK_RUN) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
  }
  return grams.join(" ");
}

/** An FTS5 string literal. */
export function ftsQuote(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}
