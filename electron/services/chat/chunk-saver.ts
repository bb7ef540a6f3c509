/**
 * Buffers a streaming answer and saves it at most once per interval (1 s by default), so a crash
 * loses at most about a second of text while the database sees one small write per second.
 */
export class ChunkSaver {
  private content = "";
  private reasoning = "";
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly save: (delta: { content: string; reasoning: string }) => void,
    private readonly intervalMs = 1000,
  ) {}

  add(kind: "reasoning" | "answer", text: string): void {
    if (kind === "answer") this.content += text;
    else this.reasoning += text;
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.content && !this.reasoning) return;
    const delta = { content: this.content, reasoning: this.reasoning };
    this.content = "";
    this.reasoning = "";
    this.save(delta);
  }

  /** Drops what is buffered (the final save writes the whole text anyway). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
