/** The sandbox's languages and the codes for why a run or a test stopped (the renderer words them). */
export const sandboxLanguages = ["javascript", "typescript", "python"] as const;
export type SandboxLanguage = (typeof sandboxLanguages)[number];

export const sandboxErrorCodes = [
  "run-timeout",
  "test-timeout",
  "memory",
  "stack",
  "compile",
  "blocked",
  "not-run",
  "crashed",
  "unavailable",
] as const;
export type SandboxErrorCode = (typeof sandboxErrorCodes)[number];

/** The limits every run in the app gets (the CLI may change them); the renderer words stops with these. */
export const SANDBOX_DEFAULTS = { runSeconds: 5, testSeconds: 1, memoryMb: 256, stdoutKb: 64 } as const;

/** The sandbox language of a code fence's tag, if it can be run. */
export function sandboxLanguageOf(fence: string): SandboxLanguage | null {
  if (["js", "javascript", "mjs", "cjs", "node", "jsx"].includes(fence)) return "javascript";
  if (["ts", "typescript", "tsx"].includes(fence)) return "typescript";
  if (["python", "py", "python3"].includes(fence)) return "python";
  return null;
}
