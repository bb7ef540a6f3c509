/**
 * Code mode: runs an answer's JavaScript, TypeScript or Python against tests the user wrote, one
 * test per line (an expression that must not throw and not be false, or an `assert` that must not throw; in
 * JavaScript `assert`, `assert.equal` and `assert.deepEqual` are there; see docs/sandbox.md,
 * "Verdicts"), in Inkstone's sandbox.
 */
import { type Sandbox, type SandboxLanguage, type SandboxOutcome, sharedSandbox } from "../sandbox/sandbox.js";

export type CodeRunOutcome = SandboxOutcome;

export function runCodeTests(
  code: string,
  language: SandboxLanguage,
  tests: string[],
  sandbox: Sandbox = sharedSandbox(),
): Promise<CodeRunOutcome> {
  return sandbox.run({ language, code, tests });
}
