import { describe, expect, it } from "vitest";
import { LoopDetector } from "./loop-detector.js";
import { LEGITIMATE_TEXTS, loopingText } from "./test-fixtures/legitimate-texts.js";

/**
 * A word-level stand-in for the model's BPE tokenizer (finer than BPE, so harder on the detector):
 * a word with its leading space, each digit, each other character, runs of white space.
 */
function tokenize(text: string): number[] {
  const ids = new Map<string, number>();
  return (text.match(/ ?[A-Za-z]+|\d|\s+|[^\sA-Za-z\d]/g) ?? []).map((piece) => {
    if (!ids.has(piece)) ids.set(piece, ids.size);
    return ids.get(piece)!;
  });
}

function detect(text: string) {
  const detector = new LoopDetector();
  return detector.push(tokenize(text));
}

describe("loop detector", () => {
  for (const [name, text] of Object.entries(LEGITIMATE_TEXTS)) {
    it(`leaves ${name} alone`, () => {
      expect(tokenize(text).length).toBeGreaterThan(60);
      expect(detect(text)).toBeNull();
    });
  }

  const prefix = "Let me compare 9.11 and 9.8 by looking at the decimal parts first.\n";
  const cases = {
    "a short phrase": "Wait, no. ",
    "a sentence": "Wait, 9.11 is less than 9.8 because 0.11 < 0.8, but 11 > 8, so maybe 9.11 is larger? ",
    "a paragraph": `${"Hmm, let me recheck the subtraction: 9.80 minus 9.11 is 0.69, which is positive, so 9.8 is larger. ".repeat(2)}But then again, when I read 9.11 as nine point eleven it sounds larger than nine point eight, so I should compare again carefully, digit by digit, from the tenths place onwards.\n`,
    "one token": "0",
  };
  for (const [name, unit] of Object.entries(cases)) {
    it(`stops a loop of ${name} within 200 tokens of its start`, () => {
      const tokens = tokenize(loopingText(prefix, unit, 100));
      const detector = new LoopDetector();
      const loop = detector.push(tokens);
      expect(loop).not.toBeNull();
      // the loop starts at the unit's second copy, after the prefix
      const loopStart = tokenize(prefix + unit).length;
      expect(loop!.startToken).toBeLessThanOrEqual(loopStart + 1);
      expect(detector.tokens - loopStart).toBeLessThanOrEqual(200);
    });
  }

  it("needs the fourth copy of a short unit, caps the wait at 200 tokens for long ones", () => {
    const detector = new LoopDetector();
    expect(detector.threshold(1)).toBe(64);
    expect(detector.threshold(40)).toBe(120);
    expect(detector.threshold(150)).toBe(200);
  });
});
