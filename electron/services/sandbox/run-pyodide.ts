/**
 * Runs Python in Pyodide (CPython compiled to WebAssembly, shipped in the npm package: nothing is
 * downloaded). Every run gets a pristine interpreter: the first load hardens one (py-setup.ts) and
 * takes a memory snapshot of it, and each run is given a new instance restored from that snapshot
 * (one is kept ready in advance) which is thrown away afterwards, with the timers it started. The
 * instance sees an empty object as its `js` module, never the host's globals. The host calls into it
 * once per run (the driver runs the answer and its tests) and reads back one string; verdicts of
 * `EXPR == LITERAL` tests are decided here from the value's marshal encoding.
 */
import { loadPyodide, type PyodideInterface } from "pyodide";
import { closeTimerScope, openTimerScope, setMemoryCap } from "./host-hardening.js";
import { DEFAULT_LIMITS, limitMessage, outputCutNote } from "./limits.js";
import { lockIntrinsics } from "./lock-intrinsics.js";
import { OutputBuffer } from "./output-buffer.js";
import type { HostJob, SandboxErrorCode, SandboxOutcome, SandboxTest, SandboxTestResult } from "./protocol.js";
import { PY_RECLOSE, PY_SETUP } from "./py-setup.js";
import { classifyPyTest, type PyTest } from "./py-tests.js";
import {
  decodeMarshal,
  hexToBytes,
  matchesJson,
  NotPlainData,
  type PyValue,
  pyEquals,
  pyJsonText,
  pyRepr,
} from "./py-value.js";

interface Instance {
  pyodide: PyodideInterface;
  sink: { output: OutputBuffer | null };
}

let snapshot: Promise<Uint8Array> | null = null;
let spare: Promise<Instance> | null = null;

const quiet = () => {};

/**
 * Pyodide compiles its 9.6 MB WebAssembly binary at every start; compiled once, the module serves
 * every restore (instances stay separate: each gets its own memory).
 */
function compileOnce(): void {
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const instantiate = wasm.instantiate.bind(wasm);
  let compiled: { size: number; module: Promise<unknown> } | null = null;
  wasm.instantiate = (source: unknown, imports?: unknown) => {
    if (!(source instanceof Uint8Array) || source.byteLength < 4_000_000) return instantiate(source, imports);
    if (compiled?.size !== source.byteLength) compiled = { size: source.byteLength, module: wasm.compile(source) };
    return compiled.module.then(async (module) => ({ module, instance: await instantiate(module, imports) }));
  };
}

interface WasmApi {
  instantiate(source: unknown, imports?: unknown): Promise<unknown>;
  compile(bytes: Uint8Array): Promise<unknown>;
}

/** Loads, hardens and snapshots Python once (seconds), then keeps a restored instance ready. */
export async function loadPython(): Promise<void> {
  snapshot ??= (async () => {
    compileOnce();
    const maker = await loadPyodide({ ...baseConfig(), _makeSnapshot: true });
    maker.runPython(PY_SETUP);
    const bytes = maker.makeMemorySnapshot();
    // after the first instance, whose start adds properties to some built-ins
    lockIntrinsics();
    // the instance the snapshot was taken from is in the same state: it serves the first run
    spare ??= Promise.resolve(ready(maker));
    return bytes;
  })();
  await snapshot;
  spare ??= restore();
  await spare;
}

function baseConfig() {
  // the `js` module is an empty object of its own: no route from Python to the host's globals
  return {
    jsglobals: Object.create(null) as object,
    env: {},
    args: [],
    _sysExecutable: "/usr/bin/python",
    stdout: quiet,
    stderr: quiet,
  };
}

async function restore(): Promise<Instance> {
  // the one built-in left writable (lock-intrinsics.ts) is put back: a run that set it to 0 broke the next run
  Error.stackTraceLimit = 10;
  return ready(await loadPyodide({ ...baseConfig(), _loadSnapshot: await snapshot! }));
}

function ready(pyodide: PyodideInterface): Instance {
  const sink: Instance["sink"] = { output: null };
  const decoder = new TextDecoder();
  const write = (bytes: Uint8Array) => {
    sink.output?.write(decoder.decode(bytes, { stream: true }));
    return bytes.length;
  };
  pyodide.setStdout({ write });
  pyodide.setStderr({ write });
  pyodide.unregisterJsModule("js");
  pyodide.unregisterJsModule("pyodide_js");
  pyodide.runPython(PY_RECLOSE);
  return { pyodide, sink };
}

/** The instance for the next run: the one kept ready, or a new one. Each is used once. */
async function take(): Promise<Instance> {
  const ready = spare ?? restore();
  spare = null;
  try {
    return await ready;
  } catch {
    return restore();
  }
}

const MAX_MESSAGE = 2000;
const PLAIN = "None, bool, int, float, str, list, tuple, dict or set";

interface Planned {
  label: string;
  test: PyTest;
  /** Evaluate's tests compare with JSON; string tests with the Python literal. */
  expectedJson?: unknown;
}

function plan(test: SandboxTest): Planned {
  if (typeof test === "string") return { label: test, test: classifyPyTest(test) };
  const label = `${test.call}(${JSON.stringify(test.args).slice(1, -1)})`;
  if (!/^[A-Za-z_][\w.]*$/.test(test.call)) return { label, test: { kind: "expr", source: "1/0" } };
  const source = `${test.call}(${test.args.map(pyLiteral).join(", ")})`;
  return { label, test: { kind: "value", source, expected: { t: "none" } }, expectedJson: test.expected };
}

/** JSON data as a Python literal (arguments go in as data, never code). */
function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "None";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${pyLiteral(v)}`).join(", ")}}`;
}

export async function runPyodide(
  job: HostJob,
  onTest: (index: number, result: SandboxTestResult) => void,
): Promise<SandboxOutcome> {
  const instance = await take();
  const { limits } = job;
  const output = new OutputBuffer(limits.stdoutBytes, outputCutNote(limits));
  const planned = job.tests.map(plan);
  const request = JSON.stringify({
    code: job.code,
    tests: planned.map(({ test }) => ({ kind: test.kind, source: test.source })),
    run_s: limits.runMs / 1000,
    test_s: limits.testMs / 1000,
  });
  let text: string;
  // each test's record as it finishes: what is left if the interpreter dies before its final report
  const partial: string[] = [];
  let loaded = false;
  const report = (index: unknown, record: unknown) => {
    if (index === -1) loaded = true;
    else if (typeof index === "number" && index >= 0 && index < planned.length && typeof record === "string") {
      partial[index] ??= record;
    }
  };
  instance.pyodide.globals.set("__inkstone_report", report);
  instance.sink.output = output;
  openTimerScope();
  try {
    // one call into the interpreter, made before the answer exists in it; a JSON string literal is valid Python
    const answer: unknown = instance.pyodide.runPython(`__inkstone_drive(${JSON.stringify(request)})`);
    text = typeof answer === "string" ? answer : "";
  } catch (error) {
    // the interpreter died (the host's stack overflowed in C recursion, or Pyodide's fatal state): it is
    // thrown away like every other, and the run fails with a clear message
    const line = lastLine(error);
    const stack = /RecursionError|stack overflow|call stack size/.test(line);
    text = loaded
      ? salvage(partial, planned.length, ["died", stack ? "stack" : "crashed", line])
      : JSON.stringify([["load", stack ? "stack" : "error", line]]);
  } finally {
    closeTimerScope();
    instance.sink.output = null;
    setMemoryCap(Number.POSITIVE_INFINITY);
    // the next run's interpreter is restored now, while this run's results travel
    spare ??= restore();
  }
  return readRecords(text, planned, limits, output, onTest);
}

/** The records of the tests that finished, the cause of death for the next one, and "not run" after it. */
function salvage(partial: string[], count: number, death: string[]): string {
  const records: unknown[] = [];
  let dead = false;
  for (let index = 0; index < count; index++) {
    let record: unknown = null;
    try {
      record = partial[index] === undefined ? null : JSON.parse(partial[index]!);
    } catch {
      record = null;
    }
    if (record !== null && !dead) records.push(record);
    else {
      records.push(dead ? ["not-run"] : death);
      dead = true;
    }
  }
  return JSON.stringify(records);
}

function lastLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/Maximum call stack size exceeded/.test(text)) return limitMessage("stack", DEFAULT_LIMITS);
  return (text.trim().split("\n").at(-1) ?? text).slice(0, MAX_MESSAGE);
}

function readRecords(
  text: string,
  planned: Planned[],
  limits: HostJob["limits"],
  output: OutputBuffer,
  onTest: (index: number, result: SandboxTestResult) => void,
): SandboxOutcome {
  let records: string[][];
  try {
    records = JSON.parse(text) as string[][];
    if (!Array.isArray(records) || !records.every((r) => Array.isArray(r) && r.every((p) => typeof p === "string"))) {
      throw new Error("malformed");
    }
  } catch {
    records = [["load", "error", "The Python run ended without a report"]];
  }
  const stdout = output.toString();
  const first = records[0];
  if (first?.[0] === "load") {
    const [, kind, detail] = first;
    const code = codeOf(kind!, detail!);
    const message = code && code !== "compile" && code !== "stack" ? limitMessage(code, limits) : detail!;
    return { results: [], error: message, ...(code ? { errorCode: code } : {}), stdout };
  }
  const results = planned.map((p, index) => {
    const result = judge(p, records[index] ?? ["not-run"], limits);
    onTest(index, result);
    return result;
  });
  const died = records.find((r) => r[0] === "died");
  if (died) return { results, error: died[2]!, errorCode: died[1] as SandboxErrorCode, stdout };
  const stopped = results.some((r) => r.code === "run-timeout");
  return {
    results,
    error: stopped ? limitMessage("run-timeout", limits) : null,
    ...(stopped ? { errorCode: "run-timeout" as const } : {}),
    stdout,
  };
}

function codeOf(kind: string, detail: string): SandboxErrorCode | null {
  if (kind === "timeout") return detail === "test-timeout" ? "test-timeout" : "run-timeout";
  if (kind === "memory" || kind === "stack" || kind === "compile") return kind;
  return null;
}

/** Records that can pass a test, and the ones each planned kind of test may come back as. */
const PASSING = ["ok", "true", "value"];
const RECORDS_OF: Record<PyTest["kind"], string[]> = {
  value: ["value", "not-plain", "too-big"],
  expr: ["true", "not-true", "falsy"],
  stmt: ["ok"],
};

function judge(p: Planned, record: string[], limits: HostJob["limits"]): SandboxTestResult {
  const test = p.label;
  const fail = (message: string, code?: SandboxErrorCode): SandboxTestResult => ({
    test,
    passed: false,
    message: message.slice(0, MAX_MESSAGE),
    ...(code ? { code } : {}),
  });
  const [status, detail = ""] = record;
  // the host planned how each test runs: a record of another kind means the answer changed the plan (e.g. through
  // gc), and never passes
  if (PASSING.includes(status ?? "") && !RECORDS_OF[p.test.kind].includes(status ?? ""))
    return fail("the answer changed how this test was run");
  switch (status) {
    case "ok":
    case "true":
      return { test, passed: true, message: null };
    case "not-true":
      return fail(
        detail === "False"
          ? "returned false"
          : detail === "None"
            ? "returned None"
            : `returned ${article(detail)} ${detail}, not True or plain data (its truth would be its own to decide)`,
      );
    case "falsy":
      return fail(`returned an empty or zero ${detail}, which is false`);
    case "value":
      return compare(p, detail, fail);
    case "not-plain":
      return fail(
        `returned ${article(detail)} ${detail}, which is not plain data (${PLAIN}), so it cannot be compared`,
      );
    case "too-big":
      return fail("returned a value too large to compare");
    case "not-run":
      return fail(limitMessage("not-run", limits), "not-run");
    case "died":
      // the interpreter died in this test (record[2] says why); the ones after it did not run
      return fail(record[2] ?? "failed", detail as SandboxErrorCode);
    default: {
      const code = codeOf(status!, detail);
      return fail(
        code && code !== "compile" && code !== "stack" ? limitMessage(code, limits) : detail || "failed",
        code ?? undefined,
      );
    }
  }
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

function compare(p: Planned, hex: string, fail: (message: string) => SandboxTestResult): SandboxTestResult {
  let value: PyValue;
  try {
    value = decodeMarshal(hexToBytes(hex));
  } catch (error) {
    return fail(
      error instanceof NotPlainData ? `returned a value that cannot be compared: ${error.message}` : "failed",
    );
  }
  if (p.expectedJson !== undefined || p.test.kind !== "value") {
    return matchesJson(value, p.expectedJson)
      ? { test: p.label, passed: true, message: null }
      : fail(`expected ${JSON.stringify(p.expectedJson)}, got ${pyJsonText(value)}`);
  }
  return pyEquals(value, p.test.expected)
    ? { test: p.label, passed: true, message: null }
    : fail(`returned false (got ${pyRepr(value)}, expected ${pyRepr(p.test.expected)})`);
}
