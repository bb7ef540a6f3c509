/**
 * Splits streamed markdown into blocks at blank lines outside code fences and display math, and
 * does it incrementally: when the text only grew, only the unfinished tail is scanned again, so the
 * work per chunk follows the chunk's size, not the answer's.
 */
export interface BlockSplit {
  text: string;
  /** Finished blocks: a blank line followed each of them. */
  done: string[];
  /** Where the unfinished tail starts in `text`. */
  tailStart: number;
}

export const emptySplit: BlockSplit = { text: "", done: [], tailStart: 0 };

/** Turns `\[…\]` and `\(…\)` into the `$$…$$` and `$…$` that remark-math reads. */
export function normalizeMathDelimiters(text: string): string {
  return text
    .replace(/\\\[([\s\S]*?)\\\]/g, (_m, body: string) => `$$${body}$$`)
    .replace(/\\\(([\s\S]*?)\\\)/g, (_m, body: string) => `$${body}$`);
}

export function splitBlocks(previous: BlockSplit, text: string): BlockSplit {
  const base = text.startsWith(previous.text) ? previous : emptySplit;
  const done = base === previous ? [...previous.done] : [];
  let blockStart = base.tailStart;
  let inFence = false;
  let inMath = false;
  let lineStart = blockStart;
  let sawContent = false;
  while (lineStart < text.length) {
    const newline = text.indexOf("\n", lineStart);
    if (newline < 0) break; // the last line is still being written
    const line = text.slice(lineStart, newline);
    const trimmed = line.trim();
    if (/^(```|~~~)/.test(trimmed)) inFence = !inFence;
    else if (!inFence && trimmed === "$$") inMath = !inMath;
    else if (!inFence && !inMath && trimmed.startsWith("$$") && trimmed.length > 2 && !trimmed.slice(2).includes("$$"))
      inMath = true;
    else if (!inFence && inMath && trimmed.endsWith("$$")) inMath = false;
    if (trimmed === "" && !inFence && !inMath) {
      if (sawContent) {
        done.push(text.slice(blockStart, newline).trim());
        sawContent = false;
      }
      blockStart = newline + 1;
    } else if (trimmed !== "") sawContent = true;
    lineStart = newline + 1;
  }
  return { text, done, tailStart: blockStart };
}

/** Closes syntax the stream has opened but not yet closed, so a half-written tail renders calmly. */
export function closeOpenSyntax(tail: string): string {
  let out = tail;
  const fences = (out.match(/^\s*(```|~~~)/gm) ?? []).length;
  if (fences % 2 === 1) return `${out}\n\`\`\``;
  const displayMath = (out.match(/\$\$/g) ?? []).length;
  if (displayMath % 2 === 1) out += "$$";
  const lastLine = out.slice(out.lastIndexOf("\n") + 1);
  if ((lastLine.match(/\*\*/g) ?? []).length % 2 === 1) out += "**";
  if ((lastLine.replace(/``+/g, "").match(/`/g) ?? []).length % 2 === 1) out += "`";
  return out;
}
