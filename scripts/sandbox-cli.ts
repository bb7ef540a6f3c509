/**
 * `npm run -s sandbox -- --lang javascript|typescript|python --code FILE --tests FILE [--timeout-ms N] [--memory-mb N]`
 * Runs a file of code against a file of tests (one test a line; an expression passes when it does
 * not throw and is not false, in Python `EXPR == LITERAL` compared outside the interpreter; an `assert` or other
 * statement when it does not throw: docs/sandbox.md, "Verdicts") in Inkstone's sandbox and prints
 * exactly one JSON line:
 * {"results":[{"test":…,"passed":…,"message":…}],"error":null|"…","stdout":"…"}
 * Exit status 0 whenever the run happened (whatever passed), 2 on bad usage.
 */
import { readFileSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { Sandbox } from "../electron/services/sandbox/sandbox.js";
import { type SandboxLanguage, sandboxLanguages } from "../electron/shared/sandbox-codes.js";

const USAGE =
  "usage: npm run -s sandbox -- --lang javascript|typescript|python --code FILE --tests FILE [--timeout-ms N] [--memory-mb N]";
const MAX_FILE_BYTES = 1024 * 1024;

class UsageError extends Error {}

function readInput(label: string, file: string | undefined): string {
  if (!file) throw new UsageError(`--${label} FILE is required`);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`cannot read the ${label} file: ${file}`);
  }
  if (size > MAX_FILE_BYTES) throw new UsageError(`the ${label} file is larger than 1 MB: ${file}`);
  return readFileSync(file, "utf8");
}

function positive(label: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0)
    throw new UsageError(`--${label} takes a positive whole number, not "${value}"`);
  return Number(value);
}

function parse() {
  const { values } = parseArgs({
    options: {
      lang: { type: "string" },
      code: { type: "string" },
      tests: { type: "string" },
      "timeout-ms": { type: "string" },
      "memory-mb": { type: "string" },
    },
    strict: true,
  });
  const language = values.lang as SandboxLanguage | undefined;
  if (!language || !sandboxLanguages.includes(language))
    throw new UsageError("--lang is javascript, typescript or python");
  const code = readInput("code", values.code);
  const tests = readInput("tests", values.tests)
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "");
  const runMs = positive("timeout-ms", values["timeout-ms"]);
  const memoryMb = positive("memory-mb", values["memory-mb"]);
  return {
    language,
    code,
    tests,
    limits: { ...(runMs ? { runMs } : {}), ...(memoryMb ? { memoryBytes: memoryMb * 1024 * 1024 } : {}) },
  };
}

async function main(): Promise<number> {
  let request: ReturnType<typeof parse>;
  try {
    request = parse();
  } catch (error) {
    process.stderr.write(`sandbox: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const sandbox = new Sandbox();
  try {
    const outcome = await sandbox.run(request);
    const line = JSON.stringify({
      results: outcome.results.map(({ test, passed, message }) => ({ test, passed, message })),
      error: outcome.error,
      stdout: outcome.stdout,
    });
    await new Promise<void>((resolve) => process.stdout.write(`${line}\n`, () => resolve()));
    return 0;
  } finally {
    sandbox.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`sandbox: ${error.message}\n`);
    process.exit(1);
  },
);
