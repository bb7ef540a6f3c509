/**
 * A page cut into passages for retrieval: paragraphs grouped into windows of about
 * PASSAGE_CHARS, each window starting with the last piece of the one before (the overlap), so an
 * answer that straddles two windows is still whole in one. Passages never cross a page: a
 * citation names one page.
 */
import { tokenizeForSearch } from "../documents/context-budget.js";
import type { ExtractedPage } from "../documents/extract-text.js";

export interface Passage {
  page: number;
  /** 1-based paragraph of the page where the passage starts. */
  para: number;
  text: string;
}

export interface IndexedPassage extends Passage {
  /** The passage's search terms (Latin words, CJK character pairs), space-separated for FTS5. */
  terms: string;
}

export const PASSAGE_CHARS = 800;
/** A piece longer than this (a page without blank lines, as PDF text layers often are) is cut. */
const PIECE_CHARS = 400;

/** Cuts a long paragraph at line ends, then sentence ends, then anywhere, into pieces ≤ PIECE_CHARS. */
function cutParagraph(text: string): string[] {
  if (text.length <= PIECE_CHARS) return [text];
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > PIECE_CHARS) {
    const window = rest.slice(0, PIECE_CHARS);
    let cut = window.lastIndexOf("\n");
    if (cut < PIECE_CHARS / 2)
      cut = Math.max(...[". ", "。", "！", "？", "; ", "；"].map((s) => window.lastIndexOf(s)));
    if (cut < PIECE_CHARS / 2) cut = window.lastIndexOf(" ");
    cut = cut < PIECE_CHARS / 2 ? PIECE_CHARS : cut + 1;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut);
  }
  if (rest.trim()) pieces.push(rest.trim());
  return pieces.filter(Boolean);
}

export function splitPage(page: ExtractedPage): Passage[] {
  const pieces: { para: number; text: string }[] = [];
  page.text
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .forEach((paragraph, index) => {
      for (const text of cutParagraph(paragraph)) pieces.push({ para: index + 1, text });
    });
  const passages: Passage[] = [];
  let start = 0;
  while (start < pieces.length) {
    let end = start;
    let length = pieces[start]!.text.length;
    while (end + 1 < pieces.length && length + pieces[end + 1]!.text.length <= PASSAGE_CHARS) {
      end++;
      length += pieces[end]!.text.length;
    }
    passages.push({
      page: page.page,
      para: pieces[start]!.para,
      text: pieces
        .slice(start, end + 1)
        .map((p) => p.text)
        .join("\n\n"),
    });
    if (end + 1 >= pieces.length) break;
    // the next window repeats this one's last piece, unless this window is that piece alone
    start = end > start ? end : end + 1;
  }
  return passages;
}

export function passagesOf(pages: readonly ExtractedPage[]): IndexedPassage[] {
  return pages.flatMap(splitPage).map((p) => ({ ...p, terms: tokenizeForSearch(p.text).join(" ") }));
}
