/**
 * Runs JavaScript in QuickJS compiled to WebAssembly: a new runtime per run, so nothing from the host
 * exists inside (no process, require, fetch or timers) and only strings cross the boundary. An
 * interrupt handler enforces the run's and each test's clock; QuickJS's allocator enforces memory
 * (ArrayBuffers included: they live on the WebAssembly heap).
 */
import {
  newQuickJSWASMModule,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSWASMModule,
} from "quickjs-emscripten";
import { limitMessage, outputCutNote } from "./limits.js";
import { OutputBuffer } from "./output-buffer.js";
import type { HostJob, SandboxErrorCode, SandboxOutcome, SandboxTest, SandboxTestResult } from "./protocol.js";

let modulePromise: Promise<QuickJSWASMModule> | null = null;

export function loadQuickJs(): Promise<QuickJSWASMModule> {
  modulePromise ??= newQuickJSWASMModule();
  return modulePromise;
}

/** Assertion helpers for tests, defined before the answer's code and out of its reach to replace. */
const PRELUDE = `
(() => {
  const stringify = JSON.stringify;
  const fail = (message) => { throw new Error(message); };
  const show = (value) => { try { return stringify(value); } catch { return String(value); } };
  const assert = (value, message) => { if (!value) fail(message || "assertion failed"); };
  assert.ok = assert;
  assert.equal = (actual, expected) => { if (actual !== expected) fail("expected " + show(expected) + ", got " + show(actual)); };
  assert.strictEqual = assert.equal;
  assert.deepEqual = (actual, expected) => { if (show(actual) !== show(expected)) fail("expected " + show(expected) + ", got " + show(actual)); };
  assert.deepStrictEqual = assert.deepEqual;
  Object.freeze(assert);
  const lock = (name, value) => Object.defineProperty(globalThis, name, { value, writable: false, configurable: false });
  lock("assert", assert);
  lock("__inkstoneShow", show);
})();
`;

const MAX_MESSAGE = 2000;

function labelOf(test: SandboxTest): string {
  return typeof test === "string" ? test : `${test.call}(${JSON.stringify(test.args).slice(1, -1)})`;
}

function sourceOf(test: SandboxTest): string {
  // the arguments go in as a JSON literal: data, never code
  return typeof test === "string" ? test : `__inkstoneShow(${test.call}(...${JSON.stringify(test.args)}))`;
}

export async function runQuickJs(
  job: HostJob,
  onTest: (index: number, result: SandboxTestResult) => void,
): Promise<SandboxOutcome> {
  const quickjs = await loadQuickJs();
  const { limits } = job;
  const output = new OutputBuffer(limits.stdoutBytes, outputCutNote(limits));
  const runDeadline = Date.now() + limits.runMs;
  let testDeadline = runDeadline;
  let stoppedBy: SandboxErrorCode | null = null;
  const runtime = quickjs.newRuntime();
  runtime.setMemoryLimit(limits.memoryBytes);
  // 256 KB of QuickJS stack stays inside V8's own stack limit (WebAssembly frames count there too)
  runtime.setMaxStackSize(256 * 1024);
  runtime.setInterruptHandler(() => {
    const now = Date.now();
    if (now >= runDeadline) stoppedBy = "run-timeout";
    else if (now >= testDeadline) stoppedBy = "test-timeout";
    return stoppedBy !== null;
  });
  const vm = runtime.newContext();
  const results: SandboxTestResult[] = [];
  try {
    installConsole(vm, output);
    vm.unwrapResult(vm.evalCode(PRELUDE, "prelude.js")).dispose();
    const loaded = settle(vm, vm.evalCode(job.code, "answer.js"));
    if (loaded.error !== null) {
      const code = stoppedBy ?? classify(loaded.error);
      const message = code ? limitMessage(code, limits) : loaded.error;
      return {
        results: [],
        error: message,
        errorCode: code ?? (loaded.syntax ? "compile" : undefined),
        stdout: output.toString(),
      };
    }
    for (const [index, test] of job.tests.entries()) {
      const label = labelOf(test);
      if (stoppedBy === "run-timeout") {
        results.push({ test: label, passed: false, message: limitMessage("not-run", limits), code: "not-run" });
        continue;
      }
      stoppedBy = null;
      testDeadline = Math.min(runDeadline, Date.now() + limits.testMs);
      const result = runTest(vm, test, label, () => stoppedBy, limits);
      results.push(result);
      onTest(index, result);
    }
    testDeadline = runDeadline;
    return {
      results,
      error: stoppedBy === "run-timeout" ? limitMessage("run-timeout", limits) : null,
      ...(stoppedBy === "run-timeout" ? { errorCode: "run-timeout" as const } : {}),
      stdout: output.toString(),
    };
  } finally {
    vm.dispose();
    runtime.dispose();
  }
}

function runTest(
  vm: QuickJSContext,
  test: SandboxTest,
  label: string,
  stopped: () => SandboxErrorCode | null,
  limits: HostJob["limits"],
): SandboxTestResult {
  const settled = settle(vm, vm.evalCode(sourceOf(test), "test.js"));
  if (settled.error !== null) {
    const code = stopped() ?? classify(settled.error);
    return {
      test: label,
      passed: false,
      message: code ? limitMessage(code, limits) : settled.error,
      ...(code ? { code } : {}),
    };
  }
  if (typeof test !== "string") {
    const expected = JSON.stringify(test.expected);
    const got = settled.type === "string" ? settled.text : "undefined";
    return got === expected
      ? { test: label, passed: true, message: null }
      : { test: label, passed: false, message: `expected ${expected}, got ${got?.slice(0, MAX_MESSAGE)}` };
  }
  return settled.type === "boolean" && settled.text === "false"
    ? { test: label, passed: false, message: "returned false" }
    : { test: label, passed: true, message: null };
}

/** Limits show up inside QuickJS as errors; these are the ones that mean a limit, not a bug in the code. */
function classify(message: string): SandboxErrorCode | null {
  if (/out of memory/i.test(message)) return "memory";
  if (/stack overflow|call stack size/i.test(message)) return "stack";
  return null;
}

type Settled = { error: null; type: string; text: string | null } | { error: string; syntax: boolean };

/** A result as a string (promises awaited by running the job queue), or the thrown value's message. */
function settle(vm: QuickJSContext, result: ReturnType<QuickJSContext["evalCode"]>): Settled {
  if (result.error) return thrown(vm, result.error);
  let handle: QuickJSHandle = result.value;
  if (vm.typeof(handle) === "object" && isPromise(vm, handle)) {
    vm.runtime.executePendingJobs();
    const state = vm.getPromiseState(handle);
    handle.dispose();
    if (state.type === "pending") return { error: "the promise never settled", syntax: false };
    if (state.type === "rejected") return thrown(vm, state.error);
    handle = state.value;
  }
  try {
    const type = vm.typeof(handle);
    // only a boolean's value or a string crosses: anything else is known by its type alone
    const text = type === "string" ? vm.getString(handle) : type === "boolean" ? String(vm.dump(handle)) : null;
    return { error: null, type, text };
  } finally {
    handle.dispose();
  }
}

function isPromise(vm: QuickJSContext, handle: QuickJSHandle): boolean {
  const check = vm.evalCode("(v) => v instanceof Promise");
  if (check.error) {
    check.error.dispose();
    return false;
  }
  const answer = vm.callFunction(check.value, vm.undefined, handle);
  check.value.dispose();
  if (answer.error) {
    answer.error.dispose();
    return false;
  }
  const yes = vm.dump(answer.value) === true;
  answer.value.dispose();
  return yes;
}

function thrown(vm: QuickJSContext, error: QuickJSHandle): { error: string; syntax: boolean } {
  try {
    // the message is read inside the VM: a custom toString or getter runs there, under the same clock
    const read = vm.evalCode(
      "(e) => { try { if (e instanceof Error) return (e instanceof SyntaxError ? 'SyntaxError: ' : '') + String(e.message); return 'threw ' + String(e); } catch { return 'threw a value that cannot be shown'; } }",
    );
    if (read.error) {
      read.error.dispose();
      return { error: "threw a value that cannot be shown", syntax: false };
    }
    const got = vm.callFunction(read.value, vm.undefined, error);
    read.value.dispose();
    if (got.error) {
      got.error.dispose();
      return { error: "threw a value that cannot be shown", syntax: false };
    }
    const text = vm.typeof(got.value) === "string" ? vm.getString(got.value) : "threw";
    got.value.dispose();
    return { error: text.slice(0, MAX_MESSAGE), syntax: text.startsWith("SyntaxError: ") };
  } finally {
    error.dispose();
  }
}

function installConsole(vm: QuickJSContext, output: OutputBuffer): void {
  const consoleObject = vm.newObject();
  for (const name of ["log", "info", "warn", "error", "debug"]) {
    const fn = vm.newFunction(name, (...args) => {
      // only strings leave the VM: each argument is turned into text inside it
      output.write(
        `${args.map((arg) => (vm.typeof(arg) === "string" ? vm.getString(arg) : textOf(vm, arg))).join(" ")}\n`,
      );
    });
    vm.setProp(consoleObject, name, fn);
    fn.dispose();
  }
  vm.setProp(vm.global, "console", consoleObject);
  consoleObject.dispose();
}

function textOf(vm: QuickJSContext, handle: QuickJSHandle): string {
  const show = vm.evalCode(
    "(v) => { try { return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v); } catch { return '[value]'; } }",
  );
  if (show.error) {
    show.error.dispose();
    return "[value]";
  }
  const got = vm.callFunction(show.value, vm.undefined, handle);
  show.value.dispose();
  if (got.error) {
    got.error.dispose();
    return "[value]";
  }
  const text = vm.typeof(got.value) === "string" ? vm.getString(got.value) : "[value]";
  got.value.dispose();
  return text;
}
