/**
 * A question as an FTS5 query: its terms from the same CJK-aware tokenizer the passages were
 * indexed with, minus words that say nothing about the topic ("what", "the", 什么), each quoted
 * so no character of the question is read as FTS5 syntax, joined with OR and ranked by BM25.
 */
import { tokenizeForSearch } from "../documents/context-budget.js";

const STOP_WORDS = new Set(
  (
    "a an and are as at be by can could did do does for from had has have how i if in into is it its " +
    "me my of on or our she he so than that the their them then there these they this those to was we " +
    "were what when where which who whom whose why will with would you your about please tell explain " +
    "describe give show find according say says said 什么 多少 怎么 如何 哪些 哪个 为什 是什 么是 " +
    "请问 请说 说明 一下 是多 的是 是否 可以"
  ).split(" "),
);

/** At most this many distinct terms: a pasted page as a "question" stays fast. */
const MAX_TERMS = 48;

export function queryTerms(question: string): string[] {
  const terms = [...new Set(tokenizeForSearch(question))];
  const meaningful = terms.filter((t) => !STOP_WORDS.has(t));
  return (meaningful.length > 0 ? meaningful : terms).slice(0, MAX_TERMS);
}

/** The FTS5 MATCH expression, or null when the question has no searchable term. */
export function ftsQuery(question: string): string | null {
  const terms = queryTerms(question);
  return terms.length ? terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(" OR ") : null;
}
