/**
 * The escape battery through the module's API: every attempt fails inside the sandbox, the secret
 * never comes back, nothing is written outside, the loopback listener sees no connection, and the
 * sandbox (and this process) still answers afterwards.
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Sandbox } from "../sandbox.js";
import { type Battery, jsAttempts, pyAttempts, SECRET, startBattery } from "./battery.js";

const sandbox = new Sandbox();
let battery: Battery;
beforeAll(async () => {
  battery = await startBattery();
  await Promise.all([sandbox.prepare("javascript"), sandbox.prepare("python")]);
});
afterAll(async () => {
  sandbox.close();
  await battery.close();
  rmSync(battery.dir, { recursive: true, force: true });
});

async function runBattery(language: "javascript" | "python", attempts: Record<string, string>) {
  const names = Object.keys(attempts);
  // generous run clock: the battery holds several 1 s stops
  const outcome = await sandbox.run({ language, code: "", tests: Object.values(attempts), limits: { runMs: 60_000 } });
  const byName = Object.fromEntries(names.map((name, i) => [name, outcome.results[i]!]));
  for (const name of names) {
    expect.soft(byName[name]?.passed, `${language}: ${name} → ${byName[name]?.message}`).toBe(false);
  }
  expect(JSON.stringify(outcome)).not.toContain(SECRET);
  expect(readdirSync(battery.dir)).toEqual([]);
  expect(battery.connections()).toBe(0);
  return byName;
}

describe("escape battery through the API", () => {
  it("JavaScript: every route to the host fails inside QuickJS", async () => {
    const results = await runBattery("javascript", jsAttempts(battery));
    expect(results["constructor of an object from outside (console.log)"]!.message).toBe("'process' is not defined");
    expect(results["dynamic import()"]!.passed).toBe(false);
    expect(results["endless loop"]!.message).toBe("Stopped after 1 s");
    expect(results["ArrayBuffer bomb"]!.message).toBe("Used more than 256 MB");
    expect(results["deep recursion"]!.code).toBe("stack");
    const after = await sandbox.run({
      language: "typescript",
      code: "const two = (): number => 2;",
      tests: ["two() === 2"],
    });
    expect(after.results[0]!.passed).toBe(true);
  });

  it("Python: programs, JavaScript, native code and sockets fail inside Pyodide, which lives on", async () => {
    const results = await runBattery("python", pyAttempts(battery));
    const closed = /is not available in Inkstone's sandbox/;
    for (const name of [
      "os.system",
      "os.popen",
      "subprocess",
      "import js",
      "import pyodide_js",
      "pyodide.code.run_js",
      "ctypes",
      "socket",
      "urllib",
    ]) {
      expect.soft(results[name]!.message, name).toMatch(closed);
    }
    expect(results["a JavaScript object's constructor (pyodide.ffi)"]!.message).toMatch(
      /Code generation from strings disallowed/,
    );
    expect(results["endless loop"]!.message).toBe("Stopped after 1 s");
    expect(results["bytearray bomb"]!.message).toBe("Used more than 256 MB");
    expect(results["deep recursion"]!.message).toMatch(/RecursionError/);
    expect(existsSync(battery.marker("py-written"))).toBe(false);
    const after = await sandbox.run({ language: "python", code: "def two():\n    return 2", tests: ["two() == 2"] });
    expect(after.results[0]!.passed).toBe(true);
  });
});
