/**
 * What a collection gives a question: its best passages (BM25), spread across files, fitted to
 * the token budget, each headed with the citation the model should use (`[file, p. n]`), plus the
 * record of what went in (for the "Searched 35 files; used 6 passages from 4 files" line and for
 * opening a citation). Pinned files get their best passage in first; excluded files none.
 */
import type { CollectionIndex, FoundPassage } from "./collection-index.js";

export interface UsedPassage {
  id: number;
  fileId: number;
  file: string;
  page: number;
}

export interface CollectionContext {
  /** The prompt block, or "" when nothing fits or matches. */
  text: string;
  searched: number;
  passages: UsedPassage[];
}

/** Each passage already taken from a file makes that file's next one count this much less. */
const SAME_FILE_DISCOUNT = 0.6;
const CANDIDATES = 60;

export const citationOf = (p: { file: string; page: number }) => `[${p.file}, p. ${p.page}]`;

/** Candidates in the order they should go in: pinned files' best first, then by score, spread across files. */
export function spreadAcrossFiles(
  candidates: readonly FoundPassage[],
  pinned: readonly FoundPassage[],
): FoundPassage[] {
  const order: FoundPassage[] = [];
  const seen = new Set<number>();
  for (const p of pinned) {
    if (!seen.has(p.id)) order.push(p);
    seen.add(p.id);
  }
  const taken = new Map<number, number>();
  for (const p of order) taken.set(p.fileId, (taken.get(p.fileId) ?? 0) + 1);
  const rest = candidates.filter((p) => !seen.has(p.id));
  while (rest.length > 0) {
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    rest.forEach((p, i) => {
      const score = p.score * SAME_FILE_DISCOUNT ** (taken.get(p.fileId) ?? 0);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    });
    const [chosen] = rest.splice(best, 1);
    order.push(chosen!);
    taken.set(chosen!.fileId, (taken.get(chosen!.fileId) ?? 0) + 1);
  }
  return order;
}

export async function retrieveForQuestion(
  index: CollectionIndex,
  question: string,
  budgetTokens: number,
  countTokens: (text: string) => Promise<number>,
  options: { pin?: readonly number[]; exclude?: readonly number[] } = {},
): Promise<CollectionContext> {
  const exclude = new Set(options.exclude ?? []);
  const searchable = index.files().filter((f) => (f.state === "indexed" || f.state === "ocr") && !exclude.has(f.id));
  const pinned = (options.pin ?? [])
    .filter((id) => !exclude.has(id))
    .flatMap((id) => index.searchFile(id, question, 2));
  const candidates = index.search(question, { k: CANDIDATES, exclude: [...exclude] });
  const chosen: FoundPassage[] = [];
  let tokens = 0;
  let misses = 0;
  for (const passage of spreadAcrossFiles(candidates, pinned)) {
    const cost = await countTokens(`${citationOf(passage)}\n${passage.text}\n\n`);
    if (tokens + cost > budgetTokens) {
      if (++misses >= 8) break; // a few smaller passages may still fit; then stop looking
      continue;
    }
    chosen.push(passage);
    tokens += cost;
  }
  // in the prompt, each file's passages together, in page order
  const fileOrder = [...new Set(chosen.map((p) => p.fileId))];
  chosen.sort(
    (a, b) => fileOrder.indexOf(a.fileId) - fileOrder.indexOf(b.fileId) || a.page - b.page || a.para - b.para,
  );
  return {
    text: chosen.map((p) => `${citationOf(p)}\n${p.text}`).join("\n\n"),
    searched: searchable.length,
    passages: chosen.map((p) => ({ id: p.id, fileId: p.fileId, file: p.file, page: p.page })),
  };
}
