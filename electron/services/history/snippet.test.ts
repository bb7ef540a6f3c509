import { describe, expect, it } from "vitest";
import { makeSnippet, plainText } from "./snippet.js";

const whole = (s: { before: string; match: string; after: string }) => s.before + s.match + s.after;

describe("plainText", () => {
  it("drops Markdown, HTML and LaTeX markup and keeps the words", () => {
    expect(plainText("## Step 1\n\n- **Area** is `w * h`, see [the notes](https://x.test)")).toBe(
      "Step 1 Area is w * h, see the notes",
    );
    expect(plainText("$$\\frac{1}{2} \\times 6 = \\boxed{3}$$ and \\(x \\le 2\\)")).toBe("1/2 × 6 = 3 and x ≤ 2");
    expect(plainText("```python\nprint(snake_case)\n```\n<details>x</details>")).toBe("print(snake_case) x");
    expect(plainText("| a | b |\n|---|---|\n| 1 | 2 |")).toBe("a b 1 2");
    // each rewrite runs only when the text holds what it needs: numbered lists need their "." or ")"
    expect(plainText("1. First\n2. Second")).toBe("First Second");
    expect(plainText("1) First &nbsp;~~gone~~ __x__ > y")).toBe("First gone x > y");
  });
});

describe("makeSnippet", () => {
  const long =
    "Photosynthesis converts light energy into chemical energy that is stored in glucose molecules, and " +
    "chlorophyll absorbs mostly blue and red wavelengths while reflecting green ones back to our eyes today.";

  it("cuts English at word boundaries, with an ellipsis where text was left out", () => {
    const s = makeSnippet(long, "chlorophyll", 30);
    expect(s.match).toBe("chlorophyll");
    expect(s.before.startsWith("…")).toBe(true);
    expect(s.after.endsWith("…")).toBe(true);
    const words = long.split(/\s+/).map((w) => w.replace(/[,.]/g, ""));
    // the first and last word shown are whole words of the text
    const shown = whole(s).replace(/…/g, "").trim().split(/\s+/);
    expect(words).toContain(shown[0]!.replace(/[,.]/g, ""));
    expect(words).toContain(shown.at(-1)!.replace(/[,.]/g, ""));
    expect(s.before.length).toBeLessThanOrEqual(31 + 1);
  });

  it("cuts Chinese between words, not inside one", () => {
    const text =
      "已知一个长方形的长比宽多五厘米，它的周长是五十厘米，请问这个长方形的面积是多少平方厘米？我们先设宽为未知数，再列出方程求解。";
    const s = makeSnippet(text, "面积", 10);
    expect(s.match).toBe("面积");
    const shown = whole(s).replace(/…/g, "");
    expect(text).toContain(shown);
    // 长方形 and 平方厘米 are words: a cut never leaves part of them
    expect(shown).not.toMatch(/^(方形|形)/);
    expect(shown).not.toMatch(/(平方厘|平|平方)$/);
    expect(s.before.startsWith("…")).toBe(true);
    // after the ellipsis comes a word, not the punctuation that ended the sentence before
    expect(makeSnippet("很长的一句话。由周长得", "周长", 2).before).toBe("…由");
  });

  it("cuts spaced English and Chinese words at a space or between words, whatever the window", () => {
    const text = "proof 函数 length 三角形 angle 积分 matrix 平方厘米 theorem";
    for (let context = 1; context <= 30; context++) {
      const s = makeSnippet(text, "积分", context);
      const shown = whole(s).replace(/…/g, "");
      expect(text).toContain(shown);
      expect(shown).not.toMatch(/^(角形|形|方厘米|米|roof|heorem)/);
      expect(shown).not.toMatch(/(三|三角|平|平方厘|theore|lengt)$/);
    }
    // a mark after a space belongs to the character before it: no cut between them
    expect(makeSnippet("ab \u0301cd efgh", "efgh", 4).before).toBe("…");
  });

  it("matches case-insensitively in the plain text and falls back to the beginning", () => {
    expect(makeSnippet("The **Area** of it", "area")).toEqual({ before: "The ", match: "Area", after: " of it" });
    expect(makeSnippet("no such word here", "zebra")).toEqual({ before: "", match: "", after: "no such word here" });
  });
});

describe("makeSnippet on long messages", () => {
  it("makes only the paragraphs around the match plain text, a display formula never cut in two", () => {
    const filler = "Some words about nothing in particular, said again. ".repeat(200);
    const formula = `$$\n${"a + ".repeat(300)}\n\n${"b + ".repeat(300)}c\n$$`;
    const long = `${filler}\n\n${formula} The **area** is 12.\n\n${filler}\n\nThe area again.`;
    expect(makeSnippet(long, "area", 12)).toEqual({ before: "…+ b + c The ", match: "area", after: " is 12. Some…" });
    expect(makeSnippet(long, "the area again", 8)).toEqual({ before: "…again. ", match: "The area again", after: "." });
    // no raw occurrence (the words meet only once the markup is gone): the whole message is read
    expect(makeSnippet(`${filler}**ar**ea`, "area", 8).match).toBe("area");
  });
});

describe("makeSnippet on formulas", () => {
  it("never cuts inside a word such as b^2 - 4ac", () => {
    const s = makeSnippet(
      "Because a quadratic has two roots: the ± gives both, and `b^2 - 4ac` decides it all.",
      "quadratic",
    );
    expect(s.after).toBe(" has two roots: the ± gives both, and…"); // not "and b^…"
  });
});
