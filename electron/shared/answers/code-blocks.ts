/** Fenced code blocks of an answer, with their language. */

export interface CodeBlock {
  /** The fence's language tag, lower case ("" when none). */
  language: string;
  code: string;
}

/** Fenced code blocks, in order (an unclosed last fence counts: the model may have been stopped). */
export function extractCodeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const fence = /^[ \t]*(`{3,}|~{3,})[ \t]*([\w+#.-]*)[^\n]*\n([\s\S]*?)(?:^[ \t]*\1[ \t]*$|(?![\s\S]))/gm;
  for (const match of markdown.matchAll(fence)) {
    blocks.push({ language: (match[2] ?? "").toLowerCase(), code: (match[3] ?? "").replace(/\n$/, "") });
  }
  return blocks;
}

/** The language a code block can be run as, if any. */
export function runnableLanguage(language: string): "javascript" | "typescript" | null {
  if (["js", "javascript", "mjs", "cjs", "node", "jsx"].includes(language)) return "javascript";
  if (["ts", "typescript", "tsx"].includes(language)) return "typescript";
  return null;
}

/** The blocks written in one language family ("python", "javascript" takes js and ts too). */
export function codeBlocksIn(markdown: string, language: "python" | "javascript"): CodeBlock[] {
  return extractCodeBlocks(markdown).filter((b) =>
    language === "python" ? ["python", "py", "python3"].includes(b.language) : runnableLanguage(b.language) !== null,
  );
}
