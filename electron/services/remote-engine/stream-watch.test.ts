import { describe, expect, it } from "vitest";
import { LEGITIMATE_TEXTS, loopingText } from "../engine/test-fixtures/legitimate-texts.js";
import { StreamWatch, textPieces, withoutLoop } from "./stream-watch.js";

/** Text as a server streams it: pieces of 1 to 7 characters, cut anywhere (mid-word, mid-number). */
function chunks(text: string): string[] {
  const out: string[] = [];
  for (let i = 0, n = 0; i < text.length; n++) {
    const size = 1 + ((n * 5 + 3) % 7);
    out.push(text.slice(i, i + size));
    i += size;
  }
  return out;
}

describe("loop detection on a remote stream (text, not token ids)", () => {
  for (const [name, text] of Object.entries(LEGITIMATE_TEXTS)) {
    it(`leaves ${name} alone, however the server cuts it`, () => {
      // cut anywhere, and one word-sized piece per delta (as a server sending one token per delta)
      for (const deltas of [chunks(text), textPieces(text)]) {
        const watch = new StreamWatch(null);
        expect(deltas.map((piece) => watch.add("answer", piece)).filter(Boolean)).toEqual([]);
      }
    });
  }

  it("stops a loop in the reasoning within 200 streamed tokens of its start, and leaves it out when answering from it", () => {
    const prefix = "Let me compare 9.11 and 9.8 by looking at the decimal parts first.\n";
    const unit = "Wait, 9.11 is less than 9.8 because 0.11 < 0.8, but 11 > 8, so maybe 9.11 is larger? ";
    const pieces = chunks(loopingText(prefix, unit, 100));
    const watch = new StreamWatch(null);
    const at = pieces.findIndex((piece) => watch.add("reasoning", piece) === "looping");
    expect(at).toBeGreaterThan(0);
    expect(at - chunks(prefix + unit).length).toBeLessThanOrEqual(200);
    // cut where the repeated pieces start: the second copy's first word has a space before it, so it is kept
    expect(withoutLoop(pieces.slice(0, at + 1).join(""))).toBe(`${prefix}${unit}Wait`);
  });
});
