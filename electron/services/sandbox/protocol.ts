/**
 * What the app and the sandbox host process say to each other, and what a run gives back. Type-only:
 * the host is compiled on its own (see host-entry.ts), so nothing here may need code at run time.
 */

import type { SandboxErrorCode, SandboxLanguage } from "../../shared/sandbox-codes.js";

export type { SandboxErrorCode, SandboxLanguage };

/**
 * A test: an expression (passes when it does not throw and is not false), or a call whose JSON result
 * must equal `expected` (the Evaluate screen's tasks).
 */
export type SandboxTest = string | { call: string; args: unknown[]; expected: unknown };

export interface SandboxLimits {
  /** Wall clock for the whole run: the code, then every test. */
  runMs: number;
  /** Wall clock for one test. */
  testMs: number;
  /** Memory for the run's engine, WebAssembly heap and ArrayBuffers included. */
  memoryBytes: number;
  /** Printed output kept (stdout and stderr together); the rest is cut. */
  stdoutBytes: number;
}

export interface SandboxTestResult {
  test: string;
  passed: boolean;
  /** Why it failed (the thrown message, or "returned false"); null when it passed. */
  message: string | null;
  code?: SandboxErrorCode;
}

export interface SandboxOutcome {
  results: SandboxTestResult[];
  /** The code itself failed (did not compile, threw, or passed a limit before the tests). */
  error: string | null;
  errorCode?: SandboxErrorCode;
  /** What the code printed, capped at the limit. */
  stdout: string;
}

/** A job as the host receives it: JavaScript already (TypeScript is stripped in the app). */
export interface HostJob {
  id: number;
  engine: "quickjs" | "pyodide";
  code: string;
  tests: SandboxTest[];
  limits: SandboxLimits;
}

export type HostMessage =
  | { kind: "ready"; engine: "quickjs" | "pyodide"; cuts: string[] }
  | { kind: "test"; id: number; index: number; result: SandboxTestResult }
  | {
      kind: "done";
      id: number;
      outcome: SandboxOutcome /** the engine cannot run again: the app replaces this host */;
      retire?: boolean;
    }
  | { kind: "fatal"; message: string };
