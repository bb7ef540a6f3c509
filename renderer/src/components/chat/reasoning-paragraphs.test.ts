import { describe, expect, it } from "vitest";
import { splitParagraphs } from "./reasoning-paragraphs";

describe("the reasoning cut into paragraphs", () => {
  it("joins back into exactly the text, each piece ending after its blank line", () => {
    const text = "Okay, the perimeter is 50.\n\nSo w + l = 25.\n \n\nWait, l = w + 5.\nThen 2w = 20.\n\nSo";
    const pieces = splitParagraphs(text);
    expect(pieces.join("")).toBe(text);
    expect(pieces).toEqual([
      "Okay, the perimeter is 50.\n\n",
      "So w + l = 25.\n \n\n",
      "Wait, l = w + 5.\nThen 2w = 20.\n\n",
      "So",
    ]);
  });

  it("keeps the finished pieces unchanged while the last one grows (only it is drawn again)", () => {
    const before = splitParagraphs("First thought.\n\nSecond tho");
    const after = splitParagraphs("First thought.\n\nSecond thought, longer.\n");
    expect(after[0]).toBe(before[0]);
    expect(after).toHaveLength(2);
  });

  it("leaves text without blank lines, or a separator still at the end, as one piece", () => {
    expect(splitParagraphs("one line\nanother")).toEqual(["one line\nanother"]);
    expect(splitParagraphs("one paragraph\n\n")).toEqual(["one paragraph\n\n"]);
    expect(splitParagraphs("")).toEqual([""]);
  });
});
