/** Markdown with GFM, KaTeX math and highlighted code, rendered as memoized blocks while streaming. */
import "katex/dist/katex.min.css";
import { memo, type ReactNode, useDeferredValue, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import ReactMarkdown, { type Components } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import rehypeKatex from "rehype-katex";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import { type BlockSplit, closeOpenSyntax, emptySplit, normalizeMathDelimiters, splitBlocks } from "./block-splitter";

const remarkPlugins = [remarkGfm, remarkMath];
const rehypePlugins = [
  [rehypeKatex, { throwOnError: false, errorColor: "inherit", strict: false }],
  [rehypeHighlight, { detect: false, ignoreMissing: true }],
] as never;

function CodeBlock({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(ref.current?.querySelector("code")?.textContent ?? "");
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <div className="code-block">
      <button type="button" className="copy-code" onClick={() => void copy()} aria-label={t("chat.copyCode")}>
        {copied ? t("chat.copied") : t("chat.copyCode")}
      </button>
      <pre ref={ref}>{children}</pre>
    </div>
  );
}

const components: Components = {
  pre: ({ children }) => <CodeBlock>{children}</CodeBlock>,
  a: ({ children, href }) => (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  ),
};

export const MarkdownBlock = memo(function MarkdownBlock({ source }: { source: string }) {
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
      {normalizeMathDelimiters(source)}
    </ReactMarkdown>
  );
});

/**
 * Markdown rendered as memoized blocks. Finished blocks keep their identity and are never parsed
 * again while text streams in; only the tail is, with its open syntax closed so it does not
 * flicker. Rendering goes through a deferred value, so a long answer mounts in time slices (React
 * yields between blocks) instead of one long task.
 */
export function Markdown({ text, streaming = false }: { text: string; streaming?: boolean }) {
  const deferred = useDeferredValue(text, "");
  const splitRef = useRef<BlockSplit>(emptySplit);
  const split = useMemo(() => {
    splitRef.current = splitBlocks(splitRef.current, deferred);
    return splitRef.current;
  }, [deferred]);
  const tail = deferred.slice(split.tailStart).trim();
  return (
    <div className="markdown">
      {split.done.map((block, index) => (
        // blocks only ever append, so the index is a stable key
        // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
        <MarkdownBlock key={index} source={block} />
      ))}
      {tail && <MarkdownBlock source={streaming ? closeOpenSyntax(tail) : tail} />}
    </div>
  );
}
