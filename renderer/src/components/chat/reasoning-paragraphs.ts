/**
 * The reasoning cut into paragraphs for drawing: each piece ends after a blank line (the separator stays with it),
 * so the pieces join back into exactly the text. While the model thinks, only the last piece grows; the others keep
 * their text, so React leaves them alone and the browser reuses their layout instead of laying out all the
 * reasoning (thousands of tokens) again for every token.
 */
export function splitParagraphs(text: string): string[] {
  const pieces: string[] = [];
  const separator = /\n[ \t]*\n\s*/g;
  let start = 0;
  for (let match = separator.exec(text); match; match = separator.exec(text)) {
    const end = match.index + match[0].length;
    if (end >= text.length) break; // a separator at the very end belongs to the growing piece
    pieces.push(text.slice(start, end));
    start = end;
  }
  pieces.push(text.slice(start));
  return pieces;
}
