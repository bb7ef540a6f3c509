/**
 * Fits a document to the model's context: whole when it fits the token budget, else the pages most
 * relevant to the question (BM25 over page chunks), in page order, with the page numbers used.
 */
import MiniSearch from "minisearch";
import type { ExtractedPage } from "./extract-text.js";

export interface BudgetedContext {
  text: string;
  pagesUsed: number[];
  whole: boolean;
  tokens: number;
}

export function formatPages(pages: readonly ExtractedPage[]): string {
  return pages.map((p) => `[p. ${p.page}]\n${p.text}`).join("\n\n");
}

/** Latin words lower-cased, and CJK text as overlapping character pairs, so Chinese pages match too. */
export function tokenizeForSearch(text: string): string[] {
  const terms: string[] = [];
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (/\p{Script=Han}/u.test(word)) {
      const chars = [...word];
      if (chars.length === 1) terms.push(word);
      for (let i = 0; i + 1 < chars.length; i++) terms.push(chars[i]! + chars[i + 1]!);
    } else terms.push(word);
  }
  return terms;
}

export async function fitToBudget(
  pages: readonly ExtractedPage[],
  question: string,
  budgetTokens: number,
  countTokens: (text: string) => Promise<number>,
): Promise<BudgetedContext> {
  const whole = formatPages(pages);
  const wholeTokens = await countTokens(whole);
  if (wholeTokens <= budgetTokens)
    return { text: whole, pagesUsed: pages.map((p) => p.page), whole: true, tokens: wholeTokens };
  const index = new MiniSearch<{ id: number; text: string }>({ fields: ["text"], tokenize: tokenizeForSearch });
  index.addAll(pages.map((p) => ({ id: p.page, text: p.text })));
  const ranked = index.search(question, { tokenize: tokenizeForSearch, combineWith: "OR" }).map((r) => r.id as number);
  const order = [...ranked, ...pages.map((p) => p.page).filter((n) => !ranked.includes(n))];
  const chosen: ExtractedPage[] = [];
  let tokens = 0;
  for (const number of order) {
    const page = pages.find((p) => p.page === number)!;
    const cost = await countTokens(formatPages([page]));
    if (tokens + cost > budgetTokens) {
      if (chosen.length === 0) continue;
      break;
    }
    chosen.push(page);
    tokens += cost;
  }
  chosen.sort((a, b) => a.page - b.page);
  return { text: formatPages(chosen), pagesUsed: chosen.map((p) => p.page), whole: false, tokens };
}
