/**
 * Automatic answer checkers for evaluation tasks. The answer is read by the one shared reader
 * (electron/shared/answers, the same the chat uses): the final answer for math, the stated verdict for logic,
 * the code blocks for code tasks, which are checked by running them against tests in the sandbox (code-check.ts).
 */
import { z } from "zod";
import { type AnswerValue, type FinalAnswer, readFinalAnswer, readVerdict } from "../../shared/answers/index.js";
import type { AttemptCheck } from "../../shared/eval-schemas.js";

export const checkerSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("number"), expected: z.number(), tolerance: z.number().min(0).default(1e-6) }),
  z.object({ type: z.literal("exact"), expected: z.string() }),
  z.object({ type: z.literal("regex"), pattern: z.string().max(1000), flags: z.string().max(8).default("i") }),
  z.object({ type: z.literal("verdict"), expected: z.enum(["yes", "no", "unknown"]) }), // unknown: cannot be determined
  z.object({
    type: z.literal("js-tests"),
    functionName: z.string().regex(/^[A-Za-z_$][\w$]*$/),
    tests: z
      .array(z.object({ args: z.array(z.unknown()), expected: z.unknown() }))
      .min(1)
      .max(100),
  }),
  z.object({
    type: z.literal("python-tests"),
    functionName: z.string().regex(/^[A-Za-z_]\w*$/),
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
  check: AttemptCheck;
}

const VERDICT_OF_CHECKER = { yes: "yes", no: "no", unknown: "cannot_be_determined" } as const;

/** A number checker's expectation met by one read value (a percentage may be meant as its fraction: 25% = 0.25). */
function numberMatches(value: AnswerValue, expected: number, tolerance: number): boolean {
  if (value.value === null) return false;
  const close = (v: number) => Math.abs(v - expected) <= tolerance + 1e-9 * Math.abs(expected);
  return close(value.value) || (value.percent && close(value.value / 100));
}

const readDetail = (read: FinalAnswer | null) =>
  read ? `read "${read.final}" (${read.source === "boxed" ? "\\boxed{}" : read.source})` : "no final answer found";

const valueCheck = (expected: string, read: FinalAnswer | null): AttemptCheck => ({
  kind: "value",
  expected,
  read: read?.final ?? null,
  source: read?.source ?? null,
});

export function checkAnswer(checker: Checker, answer: string): CheckResult {
  switch (checker.type) {
    case "number": {
      const read = readFinalAnswer(answer);
      const correct = read?.values.length === 1 && numberMatches(read.values[0]!, checker.expected, checker.tolerance);
      return {
        correct,
        extracted: read?.final ?? null,
        detail: `expected ${checker.expected}; ${readDetail(read)}`,
        check: valueCheck(String(checker.expected), read),
      };
    }
    case "exact": {
      const read = readFinalAnswer(answer);
      const wanted = checker.expected.trim().toLowerCase();
      const candidates = [read?.final, read?.raw, readFinalAnswer(`\\boxed{${checker.expected}}`)?.final];
      const correct =
        read !== null &&
        (candidates.slice(0, 2).some((c) => c?.trim().toLowerCase() === wanted) ||
          read.final.toLowerCase() === candidates[2]?.toLowerCase());
      return {
        correct,
        extracted: read?.final ?? null,
        detail: `expected "${checker.expected}"; ${readDetail(read)}`,
        check: valueCheck(checker.expected, read),
      };
    }
    case "regex":
      throw new Error("regex checkers run off the main thread with a time limit: use runSuiteRegex");
    case "verdict": {
      const verdict = readVerdict(answer);
      const expected = VERDICT_OF_CHECKER[checker.expected];
      return {
        correct: verdict === expected,
        extracted: verdict,
        detail: `expected ${expected}`,
        check: { kind: "verdict", expected },
      };
    }
    case "js-tests":
    case "python-tests":
      throw new Error("code checkers run the code in the sandbox: use checkCode (code-check.ts)");
  }
}
