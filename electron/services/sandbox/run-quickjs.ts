/**
 * Runs JavaScript in QuickJS compiled to WebAssembly: a new runtime and context per run, so nothing
 * from the host exists inside (no process, require, fetch or timers), nothing of one run reaches the
 * next (pending jobs die with the runtime), and only strings cross the boundary. An interrupt
 * handler enforces the run's and each test's clock; QuickJS's allocator enforces memory
 * (ArrayBuffers included: they live on the WebAssembly heap). Results are read through helpers
 * locked in before the answer runs (quickjs-prelude.ts).
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
import { jsTestKind, PRELUDE, plainText } from "./quickjs-prelude.js";

let modulePromise: Promise<QuickJSWASMModule> | null = null;

export function loadQuickJs(): Promise<QuickJSWASMModule> {
  modulePromise ??= newQuickJSWASMModule();
  return modulePromise;
}

const MAX_MESSAGE = 2000;
const STACK_MESSAGE = "Recursed too deeply (stack overflow)";

/** The host's own stack overflowed inside the engine (e.g. JSON of an array nested 100,000 deep). */
class EngineBroken extends Error {}

function labelOf(test: SandboxTest): string {
  return typeof test === "string" ? test : `${test.call}(${JSON.stringify(test.args).slice(1, -1)})`;
}

function sourceOf(test: SandboxTest): string {
  // the arguments go in as a JSON literal: data, never code
  // the call's value is made plain text by the prelude's helper, called from here through the handle taken before
  // the answer ran (a global of that name can be redefined by the answer: QuickJS does not hold its lock)
  return typeof test === "string" ? test : `${test.call}(...${JSON.stringify(test.args)})`;
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
  const broken = { now: false };
  const runtime = quickjs.newRuntime();
  runtime.setMemoryLimit(limits.memoryBytes);
  // 256 KB of QuickJS stack stays inside V8's own stack limit for ordinary recursion; what still
  // overflows V8's stack (deeply nested data in native code) is caught below and the module replaced
  runtime.setMaxStackSize(256 * 1024);
  runtime.setInterruptHandler(() => {
    if (broken.now) return true;
    const now = Date.now();
    if (now >= runDeadline) stoppedBy = "run-timeout";
    else if (now >= testDeadline) stoppedBy = "test-timeout";
    return stoppedBy !== null;
  });
  const vm = runtime.newContext();
  const results: SandboxTestResult[] = [];
  const stdout = () => output.toString();
  try {
    installConsole(vm, output, broken);
    vm.unwrapResult(vm.evalCode(PRELUDE, "prelude.js")).dispose();
    lockedHelpers.set(vm, new Map(HELPERS.map((name) => [name, vm.getProp(vm.global, name)])));
    const loaded = guarded(broken, () => settle(vm, vm.evalCode(job.code, "answer.js")));
    if (loaded.error !== null) {
      const code = loaded.broken ? "stack" : (stoppedBy ?? classify(loaded.error));
      const message = code === "stack" ? STACK_MESSAGE : code ? limitMessage(code, limits) : loaded.error;
      return {
        results: [],
        error: message,
        errorCode: code ?? (loaded.syntax ? "compile" : undefined),
        stdout: stdout(),
      };
    }
    for (const [index, test] of job.tests.entries()) {
      const label = labelOf(test);
      if (stoppedBy === "run-timeout" || broken.now) {
        results.push({ test: label, passed: false, message: limitMessage("not-run", limits), code: "not-run" });
        continue;
      }
      stoppedBy = null;
      testDeadline = Math.min(runDeadline, Date.now() + limits.testMs);
      const result = runTest(vm, test, label, () => stoppedBy, limits, broken);
      results.push(result);
      onTest(index, result);
    }
    testDeadline = runDeadline;
    const stopped = stoppedBy === "run-timeout" ? "run-timeout" : broken.now ? "stack" : null;
    return {
      results,
      error: stopped === "run-timeout" ? limitMessage("run-timeout", limits) : stopped ? STACK_MESSAGE : null,
      ...(stopped ? { errorCode: stopped } : {}),
      stdout: stdout(),
    };
  } finally {
    try {
      for (const handle of lockedHelpers.get(vm)?.values() ?? []) handle.dispose();
      lockedHelpers.delete(vm);
      vm.dispose();
      runtime.dispose();
    } catch {
      broken.now = true;
    }
    // an engine whose stack overflowed in the host is not trusted again: the next run loads a new one
    if (broken.now) modulePromise = null;
  }
}

/** Runs an engine step; the host's stack overflowing inside the engine fails the step, not the host. */
function guarded(broken: { now: boolean }, step: () => Settled): Settled & { broken?: boolean } {
  try {
    const settled = step();
    return broken.now ? { error: STACK_MESSAGE, syntax: false, broken: true } : settled;
  } catch (error) {
    if (!(error instanceof RangeError || error instanceof EngineBroken)) throw error;
    broken.now = true;
    return { error: STACK_MESSAGE, syntax: false, broken: true };
  }
}

function runTest(
  vm: QuickJSContext,
  test: SandboxTest,
  label: string,
  stopped: () => SandboxErrorCode | null,
  limits: HostJob["limits"],
  broken: { now: boolean },
): SandboxTestResult {
  if (typeof test === "string" && jsTestKind(test) === "assert" && !assertIsOriginal(vm))
    return { test: label, passed: false, message: "the answer replaced assert" };
  const settled = guarded(broken, () => settle(vm, vm.evalCode(sourceOf(test), "test.js"), typeof test !== "string"));
  if (settled.error !== null) {
    const code = settled.broken ? "stack" : (stopped() ?? classify(settled.error));
    return {
      test: label,
      passed: false,
      message:
        code && code !== "stack"
          ? limitMessage(code, limits)
          : code === "stack" && settled.broken
            ? STACK_MESSAGE
            : settled.error,
      ...(code ? { code } : {}),
    };
  }
  if (typeof test !== "string") {
    const expected = plainText(test.expected);
    const got = settled.type === "string" ? settled.text : "undefined";
    return got === expected
      ? { test: label, passed: true, message: null }
      : {
          test: label,
          passed: false,
          message: `expected ${JSON.stringify(test.expected)}, got ${got?.slice(0, MAX_MESSAGE)}`,
        };
  }
  const kind = jsTestKind(test);
  // the CLI's rule: an expression passes unless it is false (JavaScript's truth)
  if (kind !== "expr" || settled.truthy) return { test: label, passed: true, message: null };
  const what =
    settled.type === "boolean"
      ? "false"
      : settled.type === "undefined"
        ? "undefined"
        : settled.type === "object"
          ? "null"
          : `${settled.type === "string" ? "an empty string" : `${settled.type === "number" ? "0 or NaN" : "0n"}`}`;
  return {
    test: label,
    passed: false,
    message: what === "false" ? "returned false" : `returned ${what}, which is false`,
  };
}

/** Limits show up inside QuickJS as errors; these are the ones that mean a limit, not a bug in the code. */
function classify(message: string): SandboxErrorCode | null {
  if (/out of memory/i.test(message)) return "memory";
  if (/stack overflow|call stack size/i.test(message)) return "stack";
  return null;
}

type Settled = { error: null; type: string; text: string | null; truthy: boolean } | { error: string; syntax: boolean };

/** JavaScript's truth of a value, read by the engine (no method of the answer's runs: JS objects have no __bool__). */
function truthOf(vm: QuickJSContext, handle: QuickJSHandle, type: string, text: string | null): boolean {
  switch (type) {
    case "boolean":
      return text === "true";
    case "string":
      return text !== "";
    case "number": {
      const n = vm.getNumber(handle);
      return n !== 0 && !Number.isNaN(n);
    }
    case "bigint":
      return String(vm.dump(handle)) !== "0";
    case "undefined":
      return false;
    case "object":
      return !vm.sameValue(handle, vm.null);
    default:
      return true; // functions, symbols
  }
}

/** A result as a string (promises settled by running the job queue), or the thrown value's message. */
function settle(vm: QuickJSContext, result: ReturnType<QuickJSContext["evalCode"]>, asPlain = false): Settled {
  if (result.error) return thrown(vm, result.error);
  let handle: QuickJSHandle = result.value;
  // the engine's own promise state, not `instanceof Promise` (which the answer can redefine)
  const initial = vm.getPromiseState(handle);
  if (!("notAPromise" in initial && initial.notAPromise)) {
    vm.runtime.executePendingJobs();
    const state = vm.getPromiseState(handle);
    handle.dispose();
    if (state.type === "pending") return { error: "the promise never settled", syntax: false };
    if (state.type === "rejected") return thrown(vm, state.error);
    handle = state.value;
  }
  try {
    if (asPlain) {
      const plain = callHelper(vm, "__inkstonePlain", handle);
      return { error: null, type: plain === null ? "undefined" : "string", text: plain, truthy: plain !== null };
    }
    const type = vm.typeof(handle);
    // only a boolean's value or a string crosses: anything else is known by its type alone
    const text = type === "string" ? vm.getString(handle) : type === "boolean" ? String(vm.dump(handle)) : null;
    return { error: null, type, text, truthy: truthOf(vm, handle, type, text) };
  } finally {
    handle.dispose();
  }
}

/** The prelude's helpers and `assert`, by the handles taken right after the prelude ran, per context. */
const HELPERS = ["assert", "__inkstonePlain", "__inkstoneThrown", "__inkstoneText"] as const;
const lockedHelpers = new WeakMap<QuickJSContext, Map<string, QuickJSHandle>>();

/** Whether the global `assert` is still the prelude's (the answer may have redefined it). */
function assertIsOriginal(vm: QuickJSContext): boolean {
  const now = vm.getProp(vm.global, "assert");
  try {
    const original = lockedHelpers.get(vm)?.get("assert");
    return original !== undefined && vm.sameValue(now, original);
  } finally {
    now.dispose();
  }
}

/** Calls one of the prelude's locked helpers on a value; its answer is a string or null. */
function callHelper(vm: QuickJSContext, name: string, value: QuickJSHandle): string | null {
  const helper = lockedHelpers.get(vm)?.get(name);
  if (!helper) return null;
  {
    const got = vm.callFunction(helper, vm.undefined, value);
    if (got.error) {
      got.error.dispose();
      return null;
    }
    const text = vm.typeof(got.value) === "string" ? vm.getString(got.value) : null;
    got.value.dispose();
    return text;
  }
}

function thrown(vm: QuickJSContext, error: QuickJSHandle): { error: string; syntax: boolean } {
  try {
    // read inside the VM: a custom toString or getter runs there, under the same clock
    const text = callHelper(vm, "__inkstoneThrown", error) ?? "threw a value that cannot be shown";
    return { error: text.slice(0, MAX_MESSAGE), syntax: text.startsWith("SyntaxError: ") };
  } finally {
    error.dispose();
  }
}

function installConsole(vm: QuickJSContext, output: OutputBuffer, broken: { now: boolean }): void {
  const consoleObject = vm.newObject();
  for (const name of ["log", "info", "warn", "error", "debug"]) {
    const fn = vm.newFunction(name, (...args) => {
      // only strings leave the VM: each argument is turned into text inside it
      try {
        output.write(
          `${args.map((arg) => (vm.typeof(arg) === "string" ? vm.getString(arg) : (callHelper(vm, "__inkstoneText", arg) ?? "[value]"))).join(" ")}\n`,
        );
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        // the host's stack overflowed inside the engine: the interrupt handler ends the run
        broken.now = true;
      }
    });
    vm.setProp(consoleObject, name, fn);
    fn.dispose();
  }
  vm.setProp(vm.global, "console", consoleObject);
  consoleObject.dispose();
}
