/**
 * The escape battery through `npm run -s sandbox` (one run per language): one JSON line, exit 0,
 * every attempt failed, the secret absent, nothing written outside, no connection to the listener.
 */
import { execFile } from "node:child_process";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Battery, jsAttempts, pyAttempts, SECRET, startBattery } from "./battery.js";

const root = path.resolve(import.meta.dirname, "../../../..");
let battery: Battery;
beforeAll(async () => {
  battery = await startBattery();
});
afterAll(async () => {
  await battery.close();
  rmSync(battery.dir, { recursive: true, force: true });
});

async function cli(language: string, code: string, attempts: Record<string, string>) {
  const codeFile = path.join(battery.dir, "..", `${path.basename(battery.dir)}-code`);
  const testsFile = `${codeFile}-tests`;
  writeFileSync(codeFile, code);
  writeFileSync(testsFile, `${Object.values(attempts).join("\n")}\n`);
  try {
    const { stdout } = await promisify(execFile)(
      "npx",
      [
        "tsx",
        "scripts/sandbox-cli.ts",
        "--lang",
        language,
        "--code",
        codeFile,
        "--tests",
        testsFile,
        "--timeout-ms",
        "60000",
      ],
      { cwd: root, timeout: 170_000 },
    );
    return stdout;
  } finally {
    rmSync(codeFile, { force: true });
    rmSync(testsFile, { force: true });
  }
}

function expectContained(stdout: string, count: number) {
  const lines = stdout.trim().split("\n");
  expect(lines).toHaveLength(1);
  const parsed = JSON.parse(lines[0]!) as {
    results: { passed: boolean; message: string }[];
    error: null;
    stdout: string;
  };
  expect(Object.keys(parsed)).toEqual(["results", "error", "stdout"]);
  expect(parsed.results).toHaveLength(count);
  expect(parsed.results.filter((r) => r.passed)).toEqual([]);
  expect(stdout).not.toContain(SECRET);
  expect(readdirSync(battery.dir)).toEqual([]);
  expect(battery.connections()).toBe(0);
}

describe("escape battery through the CLI", () => {
  it("JavaScript", { timeout: 180_000 }, async () => {
    const attempts = jsAttempts(battery);
    expectContained(await cli("javascript", "const ok = 1;", attempts), Object.keys(attempts).length);
  });

  it("Python", { timeout: 180_000 }, async () => {
    const attempts = pyAttempts(battery);
    expectContained(await cli("python", "ok = 1", attempts), Object.keys(attempts).length);
  });

  it("bad usage exits 2 with the usage line", { timeout: 60_000 }, async () => {
    const run = promisify(execFile)("npx", ["tsx", "scripts/sandbox-cli.ts", "--lang", "ruby"], { cwd: root });
    await expect(run).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--lang is javascript, typescript or python/),
    });
  });
});
