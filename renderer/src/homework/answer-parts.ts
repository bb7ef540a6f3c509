/** Pieces of an answer that the homework modes show apart: code blocks, and a logic verdict. */

export interface CodeBlock {
  language: string;
  code: string;
}

/** Fenced code blocks, in order (an unclosed last fence counts: the model may have been stopped). */
export function extractCodeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const fence = /^(`{3,}|~{3,})[ \t]*([\w+#.-]*)[^\n]*\n([\s\S]*?)(?:^\1[ \t]*$|(?![\s\S]))/gm;
  for (const match of markdown.matchAll(fence)) {
    blocks.push({ language: (match[2] ?? "").toLowerCase(), code: (match[3] ?? "").replace(/\n$/, "") });
  }
  return blocks;
}

/** The language a code block can be run as, if any. */
export function runnableLanguage(language: string): "javascript" | "typescript" | null {
  if (["js", "javascript", "mjs", "cjs", "node"].includes(language)) return "javascript";
  if (["ts", "typescript"].includes(language)) return "typescript";
  return null;
}

export type Verdict = "yes" | "no" | "undetermined";

const VERDICT_WORDS: [RegExp, Verdict][] = [
  [
    /^(cannot be determined|can't be determined|undetermined|unknown|not enough information|无法确定|不能确定)/i,
    "undetermined",
  ],
  [/^(yes|true|是|对|正确)/i, "yes"],
  [/^(no|false|否|不是|错误)/i, "no"],
];

function verdictOf(phrase: string): Verdict | null {
  const text = phrase.replace(/^[\s*_"'“]+/, "");
  for (const [pattern, verdict] of VERDICT_WORDS) if (pattern.test(text)) return verdict;
  return null;
}

/**
 * Logic mode's verdict: a "Verdict: …" (or "结论:…") line anywhere, else an answer that opens with
 * yes / no / cannot be determined. Null when the answer states none.
 */
export function findVerdict(answer: string): Verdict | null {
  const labelled = answer.match(/(?:verdict|answer|结论|答案)\s*\**\s*[:：]\s*\**\s*([^\n]+)/i);
  if (labelled) {
    const verdict = verdictOf(labelled[1]!);
    if (verdict) return verdict;
  }
  return verdictOf(answer.trim().split("\n")[0] ?? "");
}
