/** One input of the check CLI (and of the corpus) read and checked: the CLI's output object. */
import { readFinalAnswer } from "./final-answer.js";
import { checkMath, describeMathCheck, type MathStatus } from "./math-check.js";
import { readVerdict, type Verdict } from "./verdict.js";

export interface CheckInput {
  id: string;
  mode: "math" | "logic" | "number";
  question: string;
  answer: string;
}

export interface CheckOutput {
  id: string;
  final: string | null;
  status: MathStatus | null;
  detail: string;
  verdict: Verdict | null;
}

export function checkLine(input: CheckInput): CheckOutput {
  if (input.mode === "logic") {
    const verdict = readVerdict(input.answer);
    return {
      id: input.id,
      final: null,
      status: null,
      detail: verdict ? `verdict: ${verdict}` : "no verdict stated",
      verdict,
    };
  }
  if (input.mode === "number") {
    const read = readFinalAnswer(input.answer);
    return {
      id: input.id,
      final: read?.final ?? null,
      status: null,
      detail: read
        ? `read from ${read.source === "boxed" ? "\\boxed{}" : read.source}: ${read.raw}`
        : "no final answer found",
      verdict: null,
    };
  }
  const check = checkMath(input.question, input.answer);
  return {
    id: input.id,
    final: check.final?.final ?? null,
    status: check.status,
    detail: describeMathCheck(check),
    verdict: null,
  };
}
