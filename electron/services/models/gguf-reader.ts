/**
 * A forward-only reader over the first bytes of a file (or a buffer) for the GGUF header parser.
 * It holds one fixed window in memory, however large the header: memory stays bounded by the
 * window plus what the parser keeps, and skipping N bytes costs nothing (no read, no allocation).
 * Each refill of the window is real I/O, so a long header parse yields to the event loop between
 * windows instead of holding the main thread for the whole header.
 */
import type { FileHandle } from "node:fs/promises";

/**
 * A model file's header refused. The faults a user meets (not a GGUF file, truncated, unsupported) are worded in
 * Chinese too; the byte-level ones stay English, shown inside a Chinese sentence ("GGUF 文件头已损坏：…").
 */
export class GgufHeaderError extends Error {
  readonly messageZh?: string;
  constructor(message: string | { en: string; zh: string }) {
    super(typeof message === "string" ? message : message.en);
    if (typeof message !== "string") this.messageZh = message.zh;
    this.name = "GgufHeaderError";
  }
}

/** Where the header's bytes come from: a file handle, or a buffer (tests, files already read). */
export interface ByteSource {
  read(into: Buffer, length: number, position: number): Promise<number>;
}

export function bufferSource(buffer: Buffer): ByteSource {
  return {
    read: async (into, length, position) =>
      position >= buffer.length ? 0 : buffer.copy(into, 0, position, Math.min(buffer.length, position + length)),
  };
}

export function fileSource(handle: FileHandle): ByteSource {
  return { read: async (into, length, position) => (await handle.read(into, 0, length, position)).bytesRead };
}

/** Bytes held at once: every single field the parser reads in one piece is smaller than this. */
export const WINDOW_BYTES = 256 * 1024;

export class GgufReader {
  /** Absolute offset of the next byte to read. */
  offset = 0;
  private readonly window = Buffer.alloc(WINDOW_BYTES);
  private start = 0;
  private end = 0;

  /**
   * @param fileSize the whole file's size (to tell "truncated" from "header too large")
   * @param limit how far into the file the header may reach
   */
  constructor(
    private readonly source: ByteSource,
    private readonly fileSize: number,
    private readonly limit: number,
  ) {}

  private bound(bytes: number, what: string): void {
    if (this.offset + bytes > Math.min(this.limit, this.fileSize)) {
      throw new GgufHeaderError(
        this.limit >= this.fileSize
          ? {
              en: `The file ends inside its header (reading ${what}): it is truncated.`,
              zh: `文件在文件头中间就结束了（读取 ${what} 时）：它不完整。`,
            }
          : {
              en: `The header is larger than ${this.limit / 1024 / 1024} MiB (reading ${what}).`,
              zh: `文件头超过了 ${this.limit / 1024 / 1024} MiB（读取 ${what} 时）。`,
            },
      );
    }
  }

  /** Makes `bytes` (at most the window) readable at the offset. */
  private async fill(bytes: number, what: string): Promise<void> {
    this.bound(bytes, what);
    if (this.offset >= this.start && this.offset + bytes <= this.end) return;
    const length = Math.min(WINDOW_BYTES, Math.min(this.limit, this.fileSize) - this.offset);
    const got = await this.source.read(this.window, length, this.offset);
    this.start = this.offset;
    this.end = this.offset + got;
    if (got < bytes)
      throw new GgufHeaderError({
        en: `The file ends inside its header (reading ${what}): it is truncated.`,
        zh: `文件在文件头中间就结束了（读取 ${what} 时）：它不完整。`,
      });
  }

  private at(): number {
    return this.offset - this.start;
  }

  async u8(what: string): Promise<number> {
    await this.fill(1, what);
    const v = this.window.readUInt8(this.at());
    this.offset += 1;
    return v;
  }

  async u32(what: string): Promise<number> {
    await this.fill(4, what);
    const v = this.window.readUInt32LE(this.at());
    this.offset += 4;
    return v;
  }

  /** A fixed-size scalar of `bytes` bytes, as a view valid until the next read. */
  async scalar(bytes: number, what: string): Promise<{ buffer: Buffer; at: number }> {
    await this.fill(bytes, what);
    const at = this.at();
    this.offset += bytes;
    return { buffer: this.window, at };
  }

  async u64(what: string): Promise<bigint> {
    await this.fill(8, what);
    const v = this.window.readBigUInt64LE(this.at());
    this.offset += 8;
    return v;
  }

  /** Moves past `bytes` bytes without reading them. */
  skip(bytes: number, what: string): void {
    this.bound(bytes, what);
    this.offset += bytes;
  }

  /** A length-prefixed string's length, checked against `limit` before anything is read. */
  async stringLength(limit: number, what: string): Promise<number> {
    const length = await this.u64(`${what} length`);
    if (length > BigInt(limit)) throw new GgufHeaderError(`${what} is ${length} bytes long (limit ${limit}).`);
    return Number(length);
  }

  /** A string of at most `limit` bytes (limit ≤ the window), decoded. */
  async string(limit: number, what: string): Promise<string> {
    return this.text(await this.stringLength(Math.min(limit, WINDOW_BYTES), what), what);
  }

  /** The next `n` bytes (n ≤ the window), decoded as UTF-8. */
  async text(n: number, what: string): Promise<string> {
    await this.fill(n, what);
    const s = this.window.toString("utf8", this.at(), this.at() + n);
    this.offset += n;
    return s;
  }

  /** Skips `count` strings of at most `limit` bytes each: one length read per item, nothing decoded. */
  async skipStrings(count: number, limit: number, what: string): Promise<void> {
    for (let i = 0; i < count; i++) {
      // the fast path stays in the window without a promise per item; a refill is real I/O
      if (this.offset < this.start || this.offset + 8 > this.end) await this.fill(8, what);
      const low = this.window.readUInt32LE(this.at());
      const high = this.window.readUInt32LE(this.at() + 4);
      if (high !== 0 || low > limit) {
        const length = (BigInt(high) << 32n) | BigInt(low);
        throw new GgufHeaderError(`${what}: an item is ${length} bytes long (limit ${limit}).`);
      }
      this.offset += 8;
      this.skip(low, what);
    }
  }
}
