import { describe, expect, it } from "vitest";
import { SseLimitError, sseData } from "./sse-events.js";

async function* bytes(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === "string" ? new TextEncoder().encode(part) : part;
}

async function collect(source: AsyncIterable<Uint8Array>, maxLineBytes = 1000, maxTotalBytes = 10_000) {
  const out: string[] = [];
  for await (const data of sseData(source, { maxLineBytes, maxTotalBytes })) out.push(data);
  return out;
}

describe("reading server-sent events with bounds", () => {
  it("joins data lines, ignores comments and other fields, accepts CRLF and a last event without a blank line", async () => {
    const events = await collect(
      bytes(": keep-alive\r\n", "event: x\r\ndata: a\r\ndata:b\r\n\r\n", "id: 3\ndata: [DONE]"),
    );
    expect(events).toEqual(["a\nb", "[DONE]"]);
  });

  it("keeps a character whose UTF-8 bytes arrive in two chunks", async () => {
    const all = new TextEncoder().encode("data: 砚台\n\n");
    expect(await collect(bytes(all.subarray(0, 8), all.subarray(8)))).toEqual(["砚台"]);
  });

  it("refuses a line over the bound before it ends, and a stream over its total", async () => {
    const endless = (async function* () {
      for (let i = 0; i < 1000; i++) yield new TextEncoder().encode("x".repeat(100));
    })();
    await expect(collect(endless, 1000)).rejects.toMatchObject({ limit: "line" });
    await expect(collect(bytes(...Array.from({ length: 30 }, () => "data: 1\n\n")), 1000, 200)).rejects.toBeInstanceOf(
      SseLimitError,
    );
  });
});
