/**
 * Server-sent events from an untrusted server, read with bounds: a line may not exceed
 * `maxLineBytes` and the whole stream `maxTotalBytes`; both are checked on bytes as they arrive,
 * before anything larger is kept, so a hostile server cannot make Inkstone hold more than that.
 * Events follow the SSE rules that matter here: `data:` lines joined by "\n", dispatched at a
 * blank line (or at the end of the stream), comments (`:`) and other fields ignored.
 */

export interface SseLimits {
  maxLineBytes: number;
  maxTotalBytes: number;
}

export const defaultSseLimits: SseLimits = { maxLineBytes: 1 << 20, maxTotalBytes: 64 << 20 };

/** A line or the stream went over its bound; `limit` says which. */
export class SseLimitError extends Error {
  constructor(
    readonly limit: "line" | "total",
    readonly bytes: number,
  ) {
    super(limit === "line" ? `a line over ${bytes} bytes` : `a reply over ${bytes} bytes`);
  }
}

const NEWLINE = 0x0a;

/** The stream's lines, decoded as UTF-8, without their line endings ("\n" or "\r\n"). */
export async function* boundedLines(body: AsyncIterable<Uint8Array>, limits: SseLimits): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let parts: Uint8Array[] = [];
  let lineBytes = 0;
  let total = 0;
  const finish = (): string => {
    const line = decoder.decode(Buffer.concat(parts, lineBytes));
    parts = [];
    lineBytes = 0;
    return line.endsWith("\r") ? line.slice(0, -1) : line;
  };
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > limits.maxTotalBytes) throw new SseLimitError("total", limits.maxTotalBytes);
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      if (lineBytes + (end - start) > limits.maxLineBytes) throw new SseLimitError("line", limits.maxLineBytes);
      parts.push(chunk.subarray(start, end));
      lineBytes += end - start;
      yield finish();
      start = end + 1;
    }
    if (start < chunk.byteLength) {
      lineBytes += chunk.byteLength - start;
      if (lineBytes > limits.maxLineBytes) throw new SseLimitError("line", limits.maxLineBytes);
      parts.push(chunk.subarray(start));
    }
  }
  if (lineBytes > 0) yield finish();
}

/** The `data` of each event, in order. */
export async function* sseData(body: AsyncIterable<Uint8Array>, limits: SseLimits): AsyncGenerator<string> {
  let data: string[] = [];
  for await (const line of boundedLines(body, limits)) {
    if (line === "") {
      if (data.length > 0) yield data.join("\n");
      data = [];
      continue;
    }
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    if (field !== "data") continue;
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    data.push(value);
  }
  if (data.length > 0) yield data.join("\n");
}
