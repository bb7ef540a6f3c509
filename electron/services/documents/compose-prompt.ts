/** The question as the model sees it when documents are attached: the chosen pages, then the question. */

import type { StoredAttachment } from "./attachment-store.js";
import { type BudgetedContext, fitToBudget } from "./context-budget.js";

export interface ComposedPrompt {
  text: string;
  used: { id: string; name: string; kind: string; pagesUsed: number[] }[];
}

export async function composePrompt(
  question: string,
  attachments: readonly StoredAttachment[],
  budgetTokens: number,
  countTokens: (text: string) => Promise<number>,
  /** Collections' passages, already fitted to their share (see services/collections/retrieve). */
  collections: readonly { name: string; text: string }[] = [],
): Promise<ComposedPrompt> {
  if (attachments.length === 0 && collections.length === 0) return { text: question, used: [] };
  const share = Math.floor(budgetTokens / Math.max(1, attachments.length));
  const parts: string[] = [];
  const used: ComposedPrompt["used"] = [];
  for (const attachment of attachments) {
    const fitted: BudgetedContext = await fitToBudget(attachment.pages, question, share, countTokens);
    parts.push(`<document name="${attachment.name}">\n${fitted.text}\n</document>`);
    used.push({ id: attachment.id, name: attachment.name, kind: attachment.kind, pagesUsed: fitted.pagesUsed });
  }
  for (const collection of collections)
    parts.push(`<collection name="${collection.name}">\n${collection.text}\n</collection>`);
  const text = [
    ...parts,
    collections.length
      ? "Answer from the passages above. Cite each passage you use by its file and page, like [notes.pdf, p. 3]."
      : "Answer from the document(s) above. When you use a page, cite it like [p. 3].",
    "",
    question,
  ].join("\n\n");
  return { text, used };
}
