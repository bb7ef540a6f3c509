/**
 * Runs model-written JavaScript against tests in a worker thread: no require, no process, no
 * timers beyond the run, a wall-clock limit and a memory limit. The worker is thrown away after.
 */
import { startEvalWorker } from "../network/guarded-start.js";

export interface JsTestOutcome {
  passed: number;
  failed: number;
  error: string | null;
  results: { args: unknown[]; expected: unknown; actual: unknown; pass: boolean }[];
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const vm = require("node:vm");
const { code, functionName, tests } = workerData;
const results = [];
let error = null;
try {
  const context = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false } });
  vm.runInContext(code + "\\n;globalThis.__fn = typeof " + functionName + " === 'function' ? " + functionName + " : undefined;", context, { timeout: 2000 });
  const fn = context.__fn;
  if (typeof fn !== "function") throw new Error("The answer defines no function named " + functionName + ".");
  for (const t of tests) {
    let actual;
    try {
      context.__args = JSON.parse(JSON.stringify(t.args));
      actual = vm.runInContext("__fn(...__args)", context, { timeout: 1000 });
    } catch (e) { actual = "threw: " + (e && e.message); }
    const pass = JSON.stringify(actual) === JSON.stringify(t.expected);
    results.push({ args: t.args, expected: t.expected, actual: actual === undefined ? null : JSON.parse(JSON.stringify(actual ?? null)), pass });
  }
} catch (e) { error = String(e && e.message || e); }
parentPort.postMessage({ results, error });
`;

/**
 * Runs `source` (a CommonJS worker script that posts one message) in a throwaway worker with no
 * environment and small memory limits; `onFailure` words a timeout or a crash.
 */
export function runSandboxedWorker<T>(
  source: string,
  workerData: unknown,
  timeoutMs: number,
  onFailure: (error: string) => T,
): Promise<T> {
  return new Promise((resolve) => {
    // no network at all, loopback included
    const worker = startEvalWorker(source, {
      name: "code sandbox",
      policy: "deny-all",
      workerData,
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, codeRangeSizeMb: 16 },
      env: {},
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve(onFailure(`Timed out after ${timeoutMs} ms.`));
    }, timeoutMs);
    worker.once("message", (message: T) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(message);
    });
    worker.once("error", (error) => {
      clearTimeout(timer);
      resolve(onFailure(error.message));
    });
  });
}

export async function runJsTests(
  code: string,
  functionName: string,
  tests: { args: unknown[]; expected: unknown }[],
  timeoutMs = 5000,
): Promise<JsTestOutcome> {
  const message = await runSandboxedWorker<{ results: JsTestOutcome["results"]; error: string | null }>(
    WORKER_SOURCE,
    { code, functionName, tests },
    timeoutMs,
    (error) => ({ results: [], error }),
  );
  const passed = message.results.filter((r) => r.pass).length;
  return { passed, failed: tests.length - passed, error: message.error, results: message.results };
}
