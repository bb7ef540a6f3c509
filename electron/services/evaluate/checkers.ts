/**
 * Automatic answer checkers for evaluation tasks. They read the answer the way a teacher would:
 * the final `\boxed{}` (or else the last number) for math, the stated verdict for logic, the shape
 * of the code for code tasks; JavaScript answers can be run against tests (see js-sandbox).
 */
import { z } from "zod";

export const checkerSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("number"), expected: z.number(), tolerance: z.number().min(0).default(1e-6) }),
  z.object({ type: z.literal("exact"), expected: z.string() }),
  z.object({ type: z.literal("regex"), pattern: z.string().max(1000), flags: z.string().max(8).default("i") }),
  z.object({ type: z.literal("verdict"), expected: z.enum(["yes", "no", "unknown"]) }),
  z.object({ type: z.literal("python-single-pass-hash") }),
  z.object({
    type: z.literal("js-tests"),
    functionName: z.string().regex(/^[A-Za-z_$][\w$]*$/),
    tests: z
      .array(z.object({ args: z.array(z.unknown()), expected: z.unknown() }))
      .min(1)
      .max(100),
  }),
]);
export type Checker = z.infer<typeof checkerSchema>;

export interface CheckResult {
  correct: boolean;
  extracted: string | null;
  detail: string;
}

/** Full-width digits and punctuation, thousands separators, LaTeX spacing → plain ASCII. */
export function normalizeText(text: string): string {
  return (
    text
      .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/[，]/g, ",")
      .replace(/[。]/g, ".")
      .replace(/[：]/g, ":")
      .replace(/[（]/g, "(")
      .replace(/[）]/g, ")")
      .replace(/\\[,;! ]/g, " ")
      // unit exponents (cm^2, m^{3}, cm²) are not answers
      .replace(/([a-zA-Z}])\s*\^\s*\{?-?\d+\}?/g, "$1")
      .replace(/[²³]/g, "")
      .replace(/(?<=\d),(?=\d{3}(?!\d))/g, "")
  );
}

/** The content of the last `\boxed{…}`, braces balanced. */
export function lastBoxed(text: string): string | null {
  const at = text.lastIndexOf("\\boxed{");
  if (at < 0) return null;
  let depth = 0;
  for (let i = at + "\\boxed{".length - 1; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}") {
      depth--;
      if (depth === 0) return text.slice(at + "\\boxed{".length, i);
    }
  }
  return null;
}

const NUMBER = /-?\d+(?:\.\d+)?(?:\/\d+)?/g;

function parseNumber(token: string): number {
  if (token.includes("/")) {
    const [a, b] = token.split("/");
    return Number(a) / Number(b);
  }
  return Number(token);
}

/** The final numeric answer: the first number in the last \boxed{}, else the last number in the text. */
export function extractFinalNumber(answer: string): number | null {
  const text = normalizeText(answer);
  const boxed = lastBoxed(text);
  const source = boxed ?? text;
  const numbers = source.replace(/\\frac\{(-?\d+)\}\{(\d+)\}/g, "$1/$2").match(NUMBER);
  if (!numbers?.length) return null;
  return parseNumber(boxed !== null ? numbers[0]! : numbers.at(-1)!);
}

const VERDICTS: { verdict: "yes" | "no" | "unknown"; patterns: RegExp[] }[] = [
  {
    verdict: "unknown",
    patterns: [
      /cannot be (determined|concluded|inferred|deduced)|can ?not (be )?(conclude|infer|deduce|determine)|not necessarily|undetermined|insufficient information|can't (be )?(conclude|tell|determine|infer)/i,
      /不能(推出|得出|确定|断定|推断)|无法(推出|得出|确定|判断|推断)|不一定|不可以推出|推不出|不能够推出/,
    ],
  },
  { verdict: "no", patterns: [/\b(no|false|incorrect)\b/i, /不(是|对|正确|成立)|否/] },
  { verdict: "yes", patterns: [/\b(yes|true|correct)\b/i, /可以(推出|得出)|是的|成立|正确/] },
];

/** The verdict the answer states first (logic answers lead with it): yes, no or cannot be determined. */
export function extractVerdict(answer: string): "yes" | "no" | "unknown" | null {
  const text = normalizeText(answer);
  const lead = text.trim().split(/\n\s*\n/)[0] ?? "";
  for (const part of [lead, text]) {
    for (const { verdict, patterns } of VERDICTS) if (patterns.some((p) => p.test(part))) return verdict;
  }
  return null;
}

/** Python code blocks in the answer. */
export function codeBlocks(answer: string, language?: string): string[] {
  const blocks: string[] = [];
  for (const match of answer.matchAll(/```([\w+-]*)\n([\s\S]*?)```/g)) {
    if (
      !language ||
      match[1]!.toLowerCase() === language ||
      (language === "javascript" && ["js", "ts", "typescript"].includes(match[1]!.toLowerCase()))
    ) {
      blocks.push(match[2]!);
    }
  }
  return blocks;
}

/** A function with one loop over the list and a set/dict lookup: the O(n) two-sum shape. */
export function isSinglePassHash(code: string): boolean {
  if (!/\bdef\s+\w+\s*\(/.test(code)) return false;
  const loops = (code.match(/^\s*for\s+.+\s+in\s+/gm) ?? []).length;
  const usesHash = /\bset\s*\(|\{\s*\}|dict\s*\(|=\s*\{\s*\}/.test(code) && /\bin\s+\w+/.test(code);
  const nested =
    /for[^\n]*\n(\s+)[^\n]*\n?(?:\1\s+)*\1\s*for\s/.test(code) || /for .* in .*:\s*\n\s+for .* in /.test(code);
  return loops === 1 && usesHash && !nested;
}

export function checkAnswer(checker: Checker, answer: string): CheckResult {
  switch (checker.type) {
    case "number": {
      const value = extractFinalNumber(answer);
      const correct = value !== null && Math.abs(value - checker.expected) <= checker.tolerance;
      return { correct, extracted: value === null ? null : String(value), detail: `expected ${checker.expected}` };
    }
    case "exact": {
      const boxed = lastBoxed(answer);
      const candidate = normalizeText(boxed ?? answer.trim().split("\n").at(-1) ?? "")
        .trim()
        .toLowerCase();
      const correct = candidate === normalizeText(checker.expected).trim().toLowerCase();
      return { correct, extracted: candidate, detail: `expected "${checker.expected}"` };
    }
    case "regex":
      throw new Error("regex checkers run off the main thread with a time limit: use runSuiteRegex");
    case "verdict": {
      const verdict = extractVerdict(answer);
      return { correct: verdict === checker.expected, extracted: verdict, detail: `expected ${checker.expected}` };
    }
    case "python-single-pass-hash": {
      const blocks = codeBlocks(answer, "python");
      const ok = blocks.some(isSinglePassHash);
      return {
        correct: ok,
        extracted: blocks[0]?.slice(0, 200) ?? null,
        detail: "a function with one loop and a set/dict",
      };
    }
    case "js-tests":
      throw new Error("js-tests checkers run asynchronously: use runJsTests");
  }
}
