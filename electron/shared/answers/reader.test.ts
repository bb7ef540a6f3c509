import { describe, expect, it } from "vitest";
import { extractCodeBlocks, readFinalAnswer, readVerdict, runnableLanguage } from "./index.js";

const final = (answer: string) => readFinalAnswer(answer)?.final ?? null;

describe("final answer", () => {
  it("takes the last \\boxed{} (nested braces), else an answer phrase, else the last sentence's number", () => {
    expect(readFinalAnswer("first \\boxed{1}, then $\\boxed{\\frac{11}{12}}$.")).toMatchObject({
      raw: "\\frac{11}{12}",
      source: "boxed",
      final: "0.916667",
    });
    expect(readFinalAnswer("The answer is 42. Some closing words.")).toMatchObject({ source: "phrase", final: "42" });
    expect(readFinalAnswer("答案是三百五十。")).toMatchObject({ source: "phrase", final: "350" });
    expect(readFinalAnswer("First 3, then 4.\n\nSo she has 7 apples.")).toMatchObject({
      source: "last-number",
      final: "7",
    });
    expect(readFinalAnswer("no numbers here")).toBeNull();
  });

  it("understands the written forms of a number", () => {
    expect(final("\\boxed{2\\frac{1}{2}}")).toBe("2.5");
    expect(final("The answer is 2 1/2.")).toBe("2.5");
    expect(final("\\boxed{1.5\\times10^{3}}")).toBe("1500");
    expect(final("\\boxed{\\dfrac{5}{6}}")).toBe("0.833333");
    expect(final("\\boxed{9\\pi}")).toBe("28.274334");
    expect(final("\\boxed{2\\sqrt{3}}")).toBe("3.464102");
    expect(final("\\boxed{1,024}")).toBe("1024");
    expect(final("\\boxed{25\\%}")).toBe("25");
    expect(final("面积是 １５０ 平方厘米。")).toBe("150");
    expect(final("\\boxed{150 \\text{ cm}^2}")).toBe("150");
    expect(final("\\boxed{72 \\text{ km/h}}")).toBe("72");
    expect(final("\\boxed{x = 5}")).toBe("5");
    expect(final("The shirt costs 68 dollars after the 15% discount.")).toBe("68");
  });

  it("reads lists and text answers", () => {
    expect(readFinalAnswer("\\boxed{x = 2 \\text{ or } x = 3}")).toMatchObject({ final: "2, 3", variable: "x" });
    expect(final("\\boxed{\\{2, 3\\}}")).toBe("2, 3");
    expect(final("So x = 2 or x = 3.")).toBe("2, 3");
    expect(final("\\boxed{x = \\pm 2}")).toBe("-2, 2");
    expect(final("\\boxed{\\text{Wednesday}}")).toBe("Wednesday");
  });
});

describe("verdict", () => {
  it("reads the first sentence that states one, negations and question words included", () => {
    expect(readVerdict("Yes. Every penguin is a bird, and no bird lacks feathers.")).toBe("yes");
    expect(readVerdict("是的，可以推出结论是否成立的问题已经清楚。")).toBe("yes");
    expect(readVerdict("We must decide whether it follows. It does not follow.")).toBe("no");
    expect(readVerdict("判断结论是否正确：正确。")).toBe("yes");
    expect(readVerdict("否,小李不是学生。")).toBe("no");
    expect(readVerdict("不能推出。因为有些宠物虽然不是猫。")).toBe("cannot_be_determined");
    expect(readVerdict("We cannot tell from the premises.")).toBe("cannot_be_determined");
    expect(readVerdict("The statement is false.")).toBe("no");
    expect(readVerdict("All A are B.\n\n**Verdict:** Cannot be determined.")).toBe("cannot_be_determined");
    expect(readVerdict("Let me think about the premises.")).toBeNull();
  });
});

describe("code blocks", () => {
  it("extracts fenced blocks with their language, the unfinished last one too", () => {
    const answer =
      "Here:\n\n```js\nfunction add(a, b) {\n  return a + b;\n}\n```\n\nand\n\n```python\nprint(1)\n```\n\n```ts\nconst x: number = 1";
    expect(extractCodeBlocks(answer)).toEqual([
      { language: "js", code: "function add(a, b) {\n  return a + b;\n}" },
      { language: "python", code: "print(1)" },
      { language: "ts", code: "const x: number = 1" },
    ]);
    expect(["js", "python", "ts"].map(runnableLanguage)).toEqual(["javascript", null, "typescript"]);
  });
});
