import { describe, expect, it } from "vitest";
import { SCRIPT_ANSWER } from "../../../scripts/gguf/scripted-answer";
import { closeOpenSyntax, emptySplit, normalizeMathDelimiters, splitBlocks } from "./block-splitter";

describe("splitBlocks", () => {
  it("splits at blank lines but keeps fences and display math whole", () => {
    const text = "para one\n\n```python\nx = 1\n\ny = 2\n```\n\n$$\na\n\nb\n$$\n\ntail";
    const split = splitBlocks(emptySplit, text);
    expect(split.done).toEqual(["para one", "```python\nx = 1\n\ny = 2\n```", "$$\na\n\nb\n$$"]);
    expect(text.slice(split.tailStart)).toBe("tail");
  });

  it("gives the same blocks streamed chunk by chunk as all at once, rescanning only the tail", () => {
    let split = emptySplit;
    let scannedFrom: number[] = [];
    for (let i = 1; i <= SCRIPT_ANSWER.length; i += 7) {
      scannedFrom.push(split.tailStart);
      split = splitBlocks(split, SCRIPT_ANSWER.slice(0, i));
    }
    split = splitBlocks(split, SCRIPT_ANSWER);
    const whole = splitBlocks(emptySplit, SCRIPT_ANSWER);
    expect(split.done).toEqual(whole.done);
    expect(split.tailStart).toBe(whole.tailStart);
    // the scan start only moves forward: finished blocks are never parsed again
    scannedFrom = scannedFrom.filter((v, i, a) => i === 0 || v !== a[i - 1]);
    expect([...scannedFrom].sort((a, b) => a - b)).toEqual(scannedFrom);
  });
});

describe("closeOpenSyntax", () => {
  it("closes an open fence, display math and bold", () => {
    expect(closeOpenSyntax("```js\nlet a")).toBe("```js\nlet a\n```");
    expect(closeOpenSyntax("$$\nA = 1")).toBe("$$\nA = 1$$");
    expect(closeOpenSyntax("some **bold")).toBe("some **bold**");
    expect(closeOpenSyntax("done")).toBe("done");
  });
});

describe("normalizeMathDelimiters", () => {
  it("turns \\[ \\] and \\( \\) into dollars", () => {
    expect(normalizeMathDelimiters("\\[x^2\\] and \\(y\\)")).toBe("$$x^2$$ and $y$");
  });
});
