/**
 * The API's request log: the newest entries in memory for Settings, every entry appended to
 * `local-api-log.jsonl` in the data folder. The file is rewritten from memory when it grows past
 * 1 MB, so it stays small. Content is in an entry only when the user turned that on.
 */
import { appendFile, readFile, stat, writeFile } from "node:fs/promises";
import { type ApiLogEntry, apiLogEntrySchema } from "../../shared/local-api-schemas.js";

const KEEP = 500;
const MAX_FILE_BYTES = 1024 * 1024;

export class RequestLog {
  private entries: ApiLogEntry[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  /** Reads the entries a previous run left (bounded: a damaged or huge file is ignored). */
  async load(): Promise<void> {
    try {
      if ((await stat(this.file)).size > 4 * MAX_FILE_BYTES) return;
      const lines = (await readFile(this.file, "utf8")).split("\n").slice(-KEEP);
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          const parsed = apiLogEntrySchema.safeParse(JSON.parse(line));
          if (parsed.success) this.entries.push(parsed.data);
        } catch {
          // a line cut by a crash: skip it
        }
      }
    } catch {
      // no log yet
    }
  }

  add(entry: ApiLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > KEEP) this.entries.splice(0, this.entries.length - KEEP);
    this.writing = this.writing.then(() => this.append(entry)).catch(() => {});
  }

  private async append(entry: ApiLogEntry): Promise<void> {
    const size = await stat(this.file).then(
      (s) => s.size,
      () => 0,
    );
    if (size > MAX_FILE_BYTES) {
      await writeFile(this.file, this.entries.map((e) => `${JSON.stringify(e)}\n`).join(""), { mode: 0o600 });
    } else await appendFile(this.file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  }

  /** Newest first. */
  list(limit = 200): ApiLogEntry[] {
    return this.entries.slice(-limit).reverse();
  }

  /** Waits for pending writes (tests, shutdown). */
  flush(): Promise<void> {
    return this.writing;
  }
}
