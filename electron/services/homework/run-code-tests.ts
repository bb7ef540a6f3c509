/**
 * Code mode: runs an answer's JavaScript or TypeScript against tests the user wrote, one test per
 * line (an expression that must not throw or be `false`; `assert`, `assert.equal` and
 * `assert.deepEqual` are there), in the same throwaway sandbox worker the evaluation uses.
 */
import { transform } from "sucrase";
import { runSandboxedWorker } from "../evaluate/js-sandbox.js";

export interface CodeTestResult {
  test: string;
  passed: boolean;
  /** Why it failed (the thrown message, or "returned false"); null when it passed. */
  message: string | null;
}

export interface CodeRunOutcome {
  results: CodeTestResult[];
  /** The code itself failed to compile or run; no test ran. */
  error: string | null;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const vm = require("node:vm");
const { code, tests } = workerData;
const results = [];
let error = null;
try {
  const context = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false } });
  vm.runInContext(\`
    const __same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    globalThis.assert = (value, message) => { if (!value) throw new Error(message || "assertion failed"); };
    assert.equal = (actual, expected) => { if (actual !== expected) throw new Error("expected " + JSON.stringify(expected) + ", got " + JSON.stringify(actual)); };
    assert.deepEqual = (actual, expected) => { if (!__same(actual, expected)) throw new Error("expected " + JSON.stringify(expected) + ", got " + JSON.stringify(actual)); };
  \`, context);
  vm.runInContext(code, context, { timeout: 2000 });
  for (const test of tests) {
    try {
      const value = vm.runInContext(test, context, { timeout: 1000 });
      results.push(value === false ? { test, passed: false, message: "returned false" } : { test, passed: true, message: null });
    } catch (e) {
      results.push({ test, passed: false, message: String((e && e.message) || e) });
    }
  }
} catch (e) { error = String((e && e.message) || e); }
parentPort.postMessage({ results, error });
`;

/** Plain script text from an answer's code: types stripped, `export` keywords dropped. */
export function toScript(code: string, language: "javascript" | "typescript"): string {
  const js = language === "typescript" ? transform(code, { transforms: ["typescript"] }).code : code;
  return js.replace(/^\s*export\s+(default\s+)?(?=(async\s+)?(function|class|const|let|var)\b)/gm, "");
}

export async function runCodeTests(
  code: string,
  language: "javascript" | "typescript",
  tests: string[],
  timeoutMs = 5000,
): Promise<CodeRunOutcome> {
  let script: string;
  try {
    script = toScript(code, language);
  } catch (error) {
    return { results: [], error: `The code does not compile: ${(error as Error).message}` };
  }
  return runSandboxedWorker<CodeRunOutcome>(WORKER_SOURCE, { code: script, tests }, timeoutMs, (error) => ({
    results: [],
    error,
  }));
}
