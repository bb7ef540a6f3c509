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
