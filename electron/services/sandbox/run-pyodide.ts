/**
 * Runs Python in Pyodide (CPython compiled to WebAssembly, shipped in the npm package: nothing is
 * downloaded). One instance per host process, loaded once; each run gets a fresh namespace, and
 * builtins and modules are put back after it. The clock is a trace function (per test and per run);
 * memory is capped where the WebAssembly heap grows (see host-hardening.ts).
 */
import { loadPyodide, type PyodideInterface } from "pyodide";
import { limitMessage, outputCutNote } from "./limits.js";
import { OutputBuffer } from "./output-buffer.js";
import type { HostJob, SandboxErrorCode, SandboxOutcome, SandboxTest, SandboxTestResult } from "./protocol.js";
import { PY_SETUP } from "./py-setup.js";

// biome-ignore lint/suspicious/noExplicitAny: Pyodide's proxies of Python callables are untyped
type PyCallable = any;

interface Harness {
  arm: PyCallable;
  disarm: PyCallable;
  show: PyCallable;
  snapshot: PyCallable;
  restore: PyCallable;
  namespace: PyCallable;
}

interface Loaded {
  pyodide: PyodideInterface;
  harness: Harness;
  sink: { output: OutputBuffer | null };
}

let loading: Promise<Loaded> | null = null;

/**
 * Whether this Pyodide can still run code. An answer can put it into Pyodide's fatal state (a wasm stack overflow,
 * `_pyodide_core.trigger_fatal_error()`), after which every later run would fail: the host then exits and a fresh
 * one takes the next run.
 */
export async function pythonStillUsable(): Promise<boolean> {
  try {
    const { pyodide } = await loadPython();
    return pyodide.runPython("1 + 1") === 2;
  } catch {
    return false;
  }
}

export function loadPython(): Promise<Loaded> {
  loading ??= (async () => {
    const sink: Loaded["sink"] = { output: null };
    const decoder = new TextDecoder();
    const write = (bytes: Uint8Array) => {
      sink.output?.write(decoder.decode(bytes, { stream: true }));
      return bytes.length;
    };
    const pyodide = await loadPyodide({ env: { HOME: "/home/pyodide" }, stdout: () => {}, stderr: () => {} });
    pyodide.setStdout({ write });
    pyodide.setStderr({ write });
    pyodide.unregisterJsModule("js");
    pyodide.unregisterJsModule("pyodide_js");
    const [arm, disarm, show, snapshot, restore, namespace] = pyodide.runPython(PY_SETUP).toJs({ depth: 1 });
    return { pyodide, harness: { arm, disarm, show, snapshot, restore, namespace }, sink };
  })();
  return loading;
}

const MAX_MESSAGE = 2000;
const TIMEOUT_MARK = /InkstoneTimeout: (run-timeout|test-timeout)/;

function labelOf(test: SandboxTest): string {
  return typeof test === "string" ? test : `${test.call}(${JSON.stringify(test.args).slice(1, -1)})`;
}

/** The last line of a Python traceback ("ZeroDivisionError: division by zero") and what it means. */
function readError(error: unknown): { message: string; code: SandboxErrorCode | null } {
  const text = error instanceof Error ? error.message : String(error);
  const timeout = TIMEOUT_MARK.exec(text);
  if (timeout) return { message: "", code: timeout[1] as SandboxErrorCode };
  const lines = text.trim().split("\n");
  const last = (lines.at(-1) ?? text).trim();
  if (/^MemoryError\b/.test(last)) return { message: last, code: "memory" };
  if (/^RecursionError\b|Maximum call stack size exceeded/.test(last)) return { message: last, code: "stack" };
  if (/^(SyntaxError|IndentationError|TabError)\b/.test(last)) {
    const where = lines.find((line) => /line \d+/.test(line))?.trim();
    return { message: (where ? `${last} (${where})` : last).slice(0, MAX_MESSAGE), code: "compile" };
  }
  return { message: last.slice(0, MAX_MESSAGE), code: null };
}

export async function runPyodide(
  job: HostJob,
  onTest: (index: number, result: SandboxTestResult) => void,
): Promise<SandboxOutcome> {
  const { pyodide, harness, sink } = await loadPython();
  const { limits } = job;
  const output = new OutputBuffer(limits.stdoutBytes, outputCutNote(limits));
  sink.output = output;
  const started = performance.now();
  const runEnd = started + limits.runMs;
  const saved = harness.snapshot();
  const namespace = harness.namespace();
  const results: SandboxTestResult[] = [];
  const message = (code: SandboxErrorCode, fallback: string) =>
    code === "compile" || code === "stack" || !code ? fallback : limitMessage(code, limits);
  try {
    try {
      harness.arm(limits.runMs / 1000, "run-timeout");
      pyodide.runPython(job.code, { globals: namespace, filename: "answer.py" });
    } catch (error) {
      const read = readError(error);
      return {
        results: [],
        error: read.code ? message(read.code, read.message) : read.message,
        ...(read.code ? { errorCode: read.code } : {}),
        stdout: output.toString(),
      };
    } finally {
      harness.disarm();
    }
    let runStopped = false;
    for (const [index, test] of job.tests.entries()) {
      const label = labelOf(test);
      if (runStopped || performance.now() >= runEnd) {
        runStopped = true;
        results.push({ test: label, passed: false, message: limitMessage("not-run", limits), code: "not-run" });
        continue;
      }
      const left = runEnd - performance.now();
      const deadline =
        limits.testMs < left
          ? { seconds: limits.testMs / 1000, code: "test-timeout" as const }
          : { seconds: left / 1000, code: "run-timeout" as const };
      const result = runTest(pyodide, harness, namespace, test, label, deadline, limits);
      if (result.code === "run-timeout") runStopped = true;
      results.push(result);
      onTest(index, result);
    }
    return {
      results,
      error: runStopped ? limitMessage("run-timeout", limits) : null,
      ...(runStopped ? { errorCode: "run-timeout" as const } : {}),
      stdout: output.toString(),
    };
  } finally {
    harness.disarm();
    harness.restore(saved);
    saved.destroy();
    namespace.destroy();
    sink.output = null;
  }
}

function runTest(
  pyodide: PyodideInterface,
  harness: Harness,
  namespace: PyCallable,
  test: SandboxTest,
  label: string,
  deadline: { seconds: number; code: SandboxErrorCode },
  limits: HostJob["limits"],
): SandboxTestResult {
  // the arguments go in as a JSON string literal (valid in Python too): data, never code
  const source =
    typeof test === "string"
      ? test
      : `${test.call}(*__import__("json").loads(${JSON.stringify(JSON.stringify(test.args))}))`;
  let value: unknown;
  try {
    harness.arm(deadline.seconds, deadline.code);
    value = pyodide.runPython(source, { globals: namespace, filename: "test.py" });
  } catch (error) {
    const read = readError(error);
    const code = read.code;
    return {
      test: label,
      passed: false,
      message: code && code !== "compile" && code !== "stack" ? limitMessage(code, limits) : read.message || "failed",
      ...(code ? { code } : {}),
    };
  } finally {
    harness.disarm();
  }
  try {
    if (typeof test !== "string") {
      const got: string | null = harness.show(value) ?? null;
      const expected = JSON.stringify(test.expected);
      return sameJson(got, expected)
        ? { test: label, passed: true, message: null }
        : {
            test: label,
            passed: false,
            message: `expected ${expected}, got ${(got ?? "a value that is not JSON").slice(0, MAX_MESSAGE)}`,
          };
    }
    return value === false
      ? { test: label, passed: false, message: "returned false" }
      : { test: label, passed: true, message: null };
  } finally {
    (value as { destroy?: () => void } | null)?.destroy?.();
  }
}

/** Python's JSON and JavaScript's differ in spacing only; compare them parsed. */
function sameJson(got: string | null, expected: string): boolean {
  if (got === null) return false;
  try {
    return JSON.stringify(JSON.parse(got)) === JSON.stringify(JSON.parse(expected));
  } catch {
    return false;
  }
}
