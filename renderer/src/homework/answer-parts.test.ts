import { describe, expect, it } from "vitest";
import { extractCodeBlocks, findVerdict, runnableLanguage } from "./answer-parts";

describe("answer parts", () => {
  it("extracts fenced code blocks with their language, the unfinished last one too", () => {
    const answer =
      "Here:\n\n```js\nfunction add(a, b) {\n  return a + b;\n}\n```\n\nand\n\n```python\nprint(1)\n```\n\n```ts\nconst x: number = 1";
    expect(extractCodeBlocks(answer)).toEqual([
      { language: "js", code: "function add(a, b) {\n  return a + b;\n}" },
      { language: "python", code: "print(1)" },
      { language: "ts", code: "const x: number = 1" },
    ]);
    expect(["js", "python", "ts"].map(runnableLanguage)).toEqual(["javascript", null, "typescript"]);
  });

  it("finds the verdict, labelled or first", () => {
    expect(findVerdict("Verdict: Yes\n\nBecause all A are B.")).toBe("yes");
    expect(findVerdict("**Verdict:** Cannot be determined.")).toBe("undetermined");
    expect(findVerdict("No. Some cats are not black.")).toBe("no");
    expect(findVerdict("结论:否\n因为……")).toBe("no");
    expect(findVerdict("Let me think about the premises.")).toBeNull();
  });
});
