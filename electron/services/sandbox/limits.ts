/** The sandbox's default limits and the English words for each way a run can stop. */
import type { SandboxErrorCode, SandboxLimits } from "./protocol.js";

// the same figures as SANDBOX_DEFAULTS (electron/shared/sandbox-codes.ts); the host may import nothing outside its folder
export const DEFAULT_LIMITS: SandboxLimits = {
  runMs: 5000,
  testMs: 1000,
  memoryBytes: 256 * 1024 * 1024,
  stdoutBytes: 64 * 1024,
};

export const MAX_LIMITS: SandboxLimits = {
  runMs: 120_000,
  testMs: 60_000,
  memoryBytes: 2048 * 1024 * 1024,
  stdoutBytes: 1024 * 1024,
};

/** Limits from partial options, each clamped to a sane range; the per-test clock never outlasts the run's. */
export function resolveLimits(partial: Partial<SandboxLimits> = {}): SandboxLimits {
  const pick = (key: keyof SandboxLimits, min: number) =>
    Math.round(Math.min(MAX_LIMITS[key], Math.max(min, partial[key] ?? DEFAULT_LIMITS[key])));
  const runMs = pick("runMs", 50);
  return {
    runMs,
    testMs: Math.min(runMs, pick("testMs", 10)),
    memoryBytes: pick("memoryBytes", 16 * 1024 * 1024),
    stdoutBytes: pick("stdoutBytes", 1024),
  };
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? String(s) : s.toFixed(1);
}

/** The English message for a stop; the renderer words the same code through i18next instead. */
export function limitMessage(code: SandboxErrorCode, limits: SandboxLimits): string {
  switch (code) {
    case "run-timeout":
      return `Stopped after ${seconds(limits.runMs)} s`;
    case "test-timeout":
      return `Stopped after ${seconds(limits.testMs)} s`;
    case "memory":
      return `Used more than ${Math.round(limits.memoryBytes / 1024 / 1024)} MB`;
    case "stack":
      return "Recursed too deeply (stack overflow)";
    case "not-run":
      return "Not run: the run was stopped before this test";
    case "crashed":
      return "The sandbox stopped unexpectedly; it has been restarted";
    case "unavailable":
      return "The sandbox could not start";
    case "blocked":
      return "Blocked: code in the sandbox cannot reach the computer";
    case "compile":
      return "The code does not compile";
  }
}

/** A note appended where printed output was cut. */
export function outputCutNote(limits: SandboxLimits): string {
  return `\n… output cut at ${Math.round(limits.stdoutBytes / 1024)} KB`;
}
