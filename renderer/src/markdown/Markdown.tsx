/** Markdown with GFM, KaTeX math and highlighted code, rendered as memoized blocks while streaming. */
import "katex/dist/katex.min.css";
import "./code-theme";
import {
  createContext,
  memo,
  type ReactNode,
  useContext,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
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

/** Opens the source text of a cited page (of a named file, for a collection); absent where there is nothing to cite. */
export const CitationContext = createContext<((page: number, file?: string) => void) | null>(null);

const CITE_PREFIX = "#cite-p-";
const CITE_FILE_PREFIX = "#cite-f-";

/**
 * `[p. 3]` (or `[p.3]`, `[page 3]`, `[第3页]`), and a collection's `[notes.pdf, p. 3]` (or
 * `[notes.pdf, 第3页]`), become links the `a` component turns into buttons.
 */
export function linkCitations(source: string): string {
  if (/^\s*(`{3}|~{3})/.test(source)) return source;
  return source.replace(
    /\[([^[\]\n]{1,200}?),\s*(?:(?:p\.?|page|pp\.)\s*(\d{1,5})|第\s*(\d{1,5})\s*页)\](?!\()|\[(?:p\.?|page|pp\.)\s*(\d{1,5})\]|\[第\s*(\d{1,5})\s*页\]/gi,
    (whole, file: string | undefined, a?: string, b?: string, c?: string, d?: string) =>
      file
        ? `[${whole.slice(1, -1)}](${CITE_FILE_PREFIX}${a ?? b}-${encodeURIComponent(file.trim())})`
        : `[${whole.slice(1, -1)}](${CITE_PREFIX}${c ?? d})`,
  );
}

function Citation({ page, file, children }: { page: number; file?: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const onCite = useContext(CitationContext);
  if (!onCite) return <span className="citation">[{children}]</span>;
  return (
    <button
      type="button"
      className="citation"
      onClick={() => (file ? onCite(page, file) : onCite(page))}
      aria-label={file ? t("chat.citationFile", { file, page }) : t("chat.citation", { page })}
    >
      [{children}]
    </button>
  );
}

function citationLink(href: string, children: ReactNode) {
  if (href.startsWith(CITE_PREFIX))
    return <Citation page={Number(href.slice(CITE_PREFIX.length))}>{children}</Citation>;
  const [page, ...file] = href.slice(CITE_FILE_PREFIX.length).split("-");
  return (
    <Citation page={Number(page)} file={decodeURIComponent(file.join("-"))}>
      {children}
    </Citation>
  );
}

const components: Components = {
  pre: ({ children }) => <CodeBlock>{children}</CodeBlock>,
  a: ({ children, href }) =>
    href?.startsWith(CITE_PREFIX) || href?.startsWith(CITE_FILE_PREFIX) ? (
      citationLink(href, children)
    ) : (
      <a href={href} target="_blank" rel="noreferrer noopener">
        {children}
      </a>
    ),
};

export const MarkdownBlock = memo(function MarkdownBlock({ source, finished }: { source: string; finished: boolean }) {
  return (
    // A finished block is its own layout and paint island (`.md-block.finished`: content-visibility), so a
    // long answer's growing tail, or a font arriving, does not make the browser lay out and paint all of it.
    <div className={finished ? "md-block finished" : "md-block"}>
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {linkCitations(normalizeMathDelimiters(source))}
      </ReactMarkdown>
    </div>
  );
});

/**
 * Markdown rendered as memoized blocks. Finished blocks keep their identity and are never parsed
 * again while text streams in; only the tail is, with its open syntax closed so it does not
 * flicker. Rendering goes through a deferred value, so a long answer mounts in time slices (React
 * yields between blocks) instead of one long task.
 */
/** How often a streaming answer is redrawn: 20 times a second reads as smooth and costs a third of every 16 ms. */
export const STREAM_REDRAW_MS = 50;

/**
 * The text to draw: while streaming, refreshed at most every `interval` ms (each refresh re-parses
 * the unfinished tail and draws a frame); the final text at once when streaming ends.
 */
function useStreamingText(text: string, streaming: boolean, interval: number): string {
  const [shown, setShown] = useState(text);
  const drawnAt = useRef(0);
  useEffect(() => {
    if (!streaming) return;
    const show = () => {
      drawnAt.current = performance.now();
      setShown(text);
    };
    const wait = drawnAt.current + interval - performance.now();
    if (wait <= 0) return show();
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [text, streaming, interval]);
  return streaming ? shown : text;
}

export function Markdown({ text, streaming = false }: { text: string; streaming?: boolean }) {
  const drawn = useStreamingText(text, streaming, STREAM_REDRAW_MS);
  const deferred = useDeferredValue(drawn, "");
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
        <MarkdownBlock key={index} source={block} finished />
      ))}
      {tail && <MarkdownBlock source={streaming ? closeOpenSyntax(tail) : tail} finished={!streaming} />}
    </div>
  );
}
