/**
 * Checks a code task's answer by running it: the answer's code blocks in the task's language, each
 * test a call whose JSON result must equal the expected value, in Inkstone's sandbox. Local and
 * remote answers go through here alike.
 */
import { codeBlocksIn, runnableLanguage } from "../../shared/answers/index.js";
import type { AttemptCheck } from "../../shared/eval-schemas.js";
import { type Sandbox, type SandboxLanguage, sharedSandbox } from "../sandbox/sandbox.js";
import type { Checker } from "./checkers.js";

export type CodeChecker = Extract<Checker, { type: "js-tests" | "python-tests" }>;

export function isCodeChecker(checker: Checker): checker is CodeChecker {
  return checker.type === "js-tests" || checker.type === "python-tests";
}

/** The answer's runnable code for the task's language, and that language. */
export function answerCode(checker: CodeChecker, answer: string): { language: SandboxLanguage; code: string } {
  const blocks = codeBlocksIn(answer, checker.type === "python-tests" ? "python" : "javascript");
  const code = blocks.map((b) => b.code).join("\n\n");
  if (checker.type === "python-tests") return { language: "python", code };
  const typed = blocks.some((b) => runnableLanguage(b.language) === "typescript");
  return { language: typed ? "typescript" : "javascript", code };
}

export async function checkCode(
  checker: CodeChecker,
  answer: string,
  sandbox: Sandbox = sharedSandbox(),
): Promise<{ correct: boolean; extracted: string | null; detail: string; check: AttemptCheck }> {
  const { language, code } = answerCode(checker, answer);
  const name = language === "python" ? "Python" : "JavaScript";
  const total = checker.tests.length;
  if (!code.trim())
    return {
      correct: false,
      extracted: null,
      detail: `no ${name} code block in the answer`,
      check: { kind: "code", language, passed: 0, total, noCode: true },
    };
  const outcome = await sandbox.run({
    language,
    code,
    tests: checker.tests.map((test) => ({ call: checker.functionName, args: test.args, expected: test.expected })),
  });
  const passed = outcome.results.filter((r) => r.passed).length;
  const firstFailure = outcome.results.find((r) => !r.passed);
  return {
    correct: outcome.error === null && passed === checker.tests.length,
    extracted: code.slice(0, 200),
    detail:
      outcome.error ??
      `${passed}/${checker.tests.length} tests passed${firstFailure ? `; ${firstFailure.test}: ${firstFailure.message}` : ""}`,
    check: { kind: "code", language, passed, total, noCode: false },
  };
}
