/**
 * The guard runs in every process and thread Inkstone starts only if every start goes through
 * guarded-start.ts. This test reads the product sources (electron/ and scripts/, tests excluded)
 * and fails on any other way to start a worker or a process.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");

/** The only files that may start workers or processes directly, why, and what each must still contain. */
const ALLOWED: Record<string, { why: string; mustContain?: string }> = {
  "electron/services/network/guarded-start.ts": { why: "the helper itself" },
  "electron/main/utility-engine.ts": {
    why: "Electron glue (services cannot import electron): utilityProcess.fork with the helper's options",
    mustContain: "utilityProcessGuard(",
  },
  "electron/main/utility-sandbox.ts": {
    why: "Electron glue: the code sandbox's hosts as utilityProcesses with the helper's options",
    mustContain: "utilityProcessGuard(",
  },
  "electron/services/sandbox/host-hardening.ts": {
    why: "the code sandbox's host replaces child_process's functions with refusals: it starts nothing",
    mustContain: "refuseProcesses",
  },
  "electron/services/sandbox/escape/battery.ts": {
    why: "test support: hostile code, as strings, that the sandbox tests run inside the sandbox; it starts nothing",
    mustContain: "Test support only",
  },
  "scripts/start.mjs": {
    why: "starts the app's own main process (Electron or web mode), which installs its guard first",
  },
};

/** Not a call of the function itself: a method call (x.spawn), a longer name, or a method definition. */
const NOT_A_CALL = String.raw`(?<![\w.]|(?:private|protected|public|static|async)\s+)`;
const call = (name: string) => new RegExp(`${NOT_A_CALL}${name}\\s*\\(`);

const STARTS: [string, RegExp][] = [
  ["new Worker(", /\bnew\s+(?:\w+\.)?Worker\s*\(/],
  // a call through a namespace (cp.spawn) needs child_process imported, which is caught below
  ["fork(", call("fork")],
  ["spawn(", call("spawn(?:Sync)?")],
  ["exec(", call("exec(?:Sync)?")],
  ["execFile(", call("execFile(?:Sync)?")],
  ["utilityProcess.fork", /\butilityProcess\s*\.\s*fork\b/],
  ["child_process import", /["'](?:node:)?child_process["']/],
  [
    "Worker import",
    /^(?!\s*import\s+type\b).*\{[^}]*(?<!type\s)\bWorker\b[^}]*\}\s*from\s*["'](?:node:)?worker_threads["']/,
  ],
];

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .filter((f) => {
      const parts = f.split(path.sep);
      // test support (electron/test: fakes of Electron) and fixtures are not product code
      return (
        !parts.includes("node_modules") &&
        !parts.includes("fixtures") &&
        !f.startsWith(`electron${path.sep}test${path.sep}`)
      );
    });
}

function findStartSites(files: string[], read: (file: string) => string): string[] {
  const found: string[] = [];
  for (const file of files) {
    const allowed = ALLOWED[file.split(path.sep).join("/")];
    const text = read(file);
    if (allowed) {
      if (allowed.mustContain && !text.includes(allowed.mustContain)) found.push(`${file}: no ${allowed.mustContain}`);
      continue;
    }
    const lines = text.split("\n");
    lines.forEach((line, i) => {
      if (/^\s*(\/\/|\*|\/\*)/.test(line)) return; // comments may name these calls
      for (const [what, pattern] of STARTS) if (pattern.test(line)) found.push(`${file}:${i + 1}: ${what}`);
    });
  }
  return found;
}

describe("every worker and process starts through the guarded helper", () => {
  it("finds no other start site in electron/ and scripts/", () => {
    const files = [...sources("electron"), ...sources("scripts")];
    expect(files.length).toBeGreaterThan(50);
    expect(findStartSites(files, (f) => readFileSync(path.join(root, f), "utf8"))).toEqual([]);
  });

  it("would catch each way of starting one", () => {
    const samples: Record<string, string> = {
      "a.ts": 'const w = new Worker("x.js");',
      "b.ts": 'import { fork } from "node:child_process";',
      "c.ts": 'const cp = require("child_process");',
      "d.ts": "spawn(process.execPath, []);",
      "e.ts": 'exec("ls", () => {});',
      "f.ts": 'execFileSync("ldconfig", ["-p"]);',
      "g.ts": "utilityProcess.fork(entry, []);",
      "h.ts": 'const { Worker } = await import("node:worker_threads");',
      "i.ts": 'import { Worker } from "node:worker_threads";',
      "j.ts": 'import { type WorkerOptions, Worker } from "node:worker_threads";',
      "k.ts": 'const { spawnSync } = require("node:child_process");',
    };
    const found = findStartSites(Object.keys(samples), (f) => samples[f] ?? "");
    for (const file of Object.keys(samples)) {
      if (file === "h.ts") continue; // a dynamic import of Worker is caught where it is used: new Worker(
      expect(
        found.some((f) => f.startsWith(`${file}:`)),
        file,
      ).toBe(true);
    }
    const harmless = [
      'regex.exec("a"); db.exec("PRAGMA x"); this.options.spawn();',
      "  // new Worker( in a comment",
      "  private spawn(slot: Slot): Worker {",
      'import type { Worker } from "node:worker_threads";',
      'import { parentPort, type Worker } from "node:worker_threads";',
    ].join("\n");
    expect(findStartSites(["x.ts"], () => harmless)).toEqual([]);
  });
});
