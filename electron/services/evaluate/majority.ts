/**
 * "Majority of N" in Evaluate: N attempts at a task, generated together, grouped by the answer each gives; the
 * majority's first attempt is the one checked, so the variant is correct when the majority answer is. What an answer
 * "is" depends on the task: the final answer (math, read with the shared reader), the verdict (logic), the code
 * (code tasks, whitespace aside).
 */
import { type Agreement, attemptAnswerKey, groupByKey, readVerdict } from "../../shared/answers/index.js";
import type { GenerationResult } from "../../shared/engine-schemas.js";
import { answerCode, isCodeChecker } from "./code-check.js";
import type { EvalTask } from "./suites.js";

/** The name of a variant's majority column beside its single attempts. */
export const majorityVariant = (variant: string, count: number) => `${variant} · majority of ${count}`;

/** What one attempt answered, as compared with the others; null: nothing to compare. */
export function answerKey(task: EvalTask, attempt: Pick<GenerationResult, "answer" | "finishReason">): string | null {
  if (task.category === "logic") return readVerdict(attempt.answer);
  if (isCodeChecker(task.checker)) {
    const code = answerCode(task.checker, attempt.answer).code.replace(/\s+/g, " ").trim();
    return code === "" ? null : code;
  }
  return attemptAnswerKey(attempt.answer, attempt.finishReason);
}

export function majorityOf(task: EvalTask, attempts: readonly GenerationResult[]): Agreement {
  return groupByKey(attempts.map((attempt) => answerKey(task, attempt)));
}
