/**
 * Reasoning inline in the answer text, for servers that do not separate it: `<think>…</think>`,
 * or only `…</think>` when the chat template already opened the thought in the prompt (the
 * DeepSeek-R1 template ends its prompt with `<think>\n`). Text is given out as it comes, except
 * for a possible partial tag at the end of a chunk, held until the next chunk says what it is.
 *
 * Before `</think>` is seen, text without an opening tag is provisionally reasoning; `settle()`
 * says, at the end, whether that guess was wrong (no `</think>` ever came: it was all answer).
 */

const OPEN = "<think>";
const CLOSE = "</think>";

export type Part = { kind: "reasoning" | "answer"; text: string };

/** How many characters at the end of `text` could be the start of `tag`. */
function partialTagAt(text: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) if (text.endsWith(tag.slice(0, n))) return n;
  return 0;
}

export class ThinkSplitter {
  private state: "start" | "reasoning" | "answer";
  private held = "";
  /** True when the thought opened with `<think>` (or was closed): the reasoning is known to be reasoning. */
  private opened = false;
  closed: boolean;

  /** `thoughtClosed`: the prompt already closed the thought (answer now): all that comes is the answer. */
  constructor(thoughtClosed = false) {
    this.state = thoughtClosed ? "answer" : "start";
    this.closed = thoughtClosed;
  }

  push(text: string): Part[] {
    let rest = this.held + text;
    this.held = "";
    const parts: Part[] = [];
    if (this.state === "start") {
      const lead = rest.trimStart();
      if (lead.length < OPEN.length && OPEN.startsWith(lead)) {
        this.held = rest; // could still become "<think>"
        return parts;
      }
      if (lead.startsWith(OPEN)) {
        rest = lead.slice(OPEN.length);
        this.opened = true;
      }
      this.state = "reasoning";
    }
    if (this.state === "reasoning") {
      const end = rest.indexOf(CLOSE);
      if (end >= 0) {
        if (end > 0) parts.push({ kind: "reasoning", text: rest.slice(0, end) });
        this.state = "answer";
        this.closed = true;
        rest = rest.slice(end + CLOSE.length);
      } else {
        const keep = partialTagAt(rest, CLOSE);
        if (rest.length > keep) parts.push({ kind: "reasoning", text: rest.slice(0, rest.length - keep) });
        this.held = rest.slice(rest.length - keep);
        return parts;
      }
    }
    if (rest) parts.push({ kind: "answer", text: rest });
    return parts;
  }

  /** The held text at the end of the stream. */
  flush(): Part[] {
    const held = this.held;
    this.held = "";
    if (!held) return [];
    return [{ kind: this.state === "answer" ? "answer" : "reasoning", text: held }];
  }

  /**
   * At the end: was the provisional reasoning really the answer? True when no tag ever appeared
   * (a model that does not think, or a server that strips the tags but sends no reasoning field).
   */
  get reasoningWasAnswer(): boolean {
    return !this.opened && !this.closed;
  }
}
