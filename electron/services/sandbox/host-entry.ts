/**
 * Where the sandbox host's script is, the network guard's bootstrap it loads first, and the flags
 * that cut its capabilities. Built, both are the .js files of dist/. From source (tests, tsx CLIs)
 * their import closures are compiled here into node_modules/.cache: a TypeScript loader cannot run
 * in the host, because loaders need a worker thread and the host may not start one.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
/** electron/services: the root the closures are laid out under. */
const servicesDir = path.dirname(here);
const fromSource = import.meta.url.endsWith(".ts");
const ENTRIES = ["sandbox/host-main", "network/guard-bootstrap"];

/** The folder holding the engines' packages (pyodide, quickjs-emscripten, their parts). */
export function nodeModulesDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(path.dirname(require.resolve("pyodide/package.json")));
}

export interface HostEntry {
  file: string;
  /** The guard's bootstrap, as a file URL for `--import`. */
  guardBootstrapUrl: string;
  /** Folders the host may read: its own code and the engines' packages. */
  readable: string[];
}

export function hostEntry(): HostEntry {
  const modules = nodeModulesDir();
  const engines = ["pyodide", "ws", "quickjs-emscripten", "quickjs-emscripten-core", "@jitl"].map((name) =>
    unpacked(path.join(modules, name)),
  );
  // packaged: the host and the engines run from the unpacked copy (electron-builder.yml asarUnpack)
  const root = fromSource ? compileFromSource(modules) : unpacked(servicesDir);
  const ext = fromSource ? "mjs" : "js";
  return {
    file: path.join(root, "sandbox", `host-main.${ext}`),
    guardBootstrapUrl: pathToFileURL(path.join(root, "network", `guard-bootstrap.${ext}`)).href,
    readable: [path.join(root, "sandbox"), path.join(root, "network"), ...engines],
  };
}

function unpacked(dir: string): string {
  return dir.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`);
}

/** The node flags that start the host with its capabilities cut. */
export function hostExecArgv(entry: HostEntry, heapMb = 256): string[] {
  return [
    "--experimental-permission",
    ...entry.readable.map((dir) => `--allow-fs-read=${dir}${path.sep}*`),
    // no --allow-fs-write, --allow-child-process, --allow-worker or --allow-addons: all refused
    "--disallow-code-generation-from-strings",
    `--max-old-space-size=${heapMb}`,
    "--no-warnings",
  ];
}

const RELATIVE_IMPORT = /(from\s+|import\s*\(\s*)(["'])(\.{1,2}\/[\w./-]+)\.js\2/g;

/** The .ts files the entries import, transitively (relative imports only), keyed "network/x". */
function closure(): Map<string, string> {
  const files = new Map<string, string>();
  const pending = [...ENTRIES];
  while (pending.length > 0) {
    const key = pending.pop()!;
    if (files.has(key)) continue;
    const text = readFileSync(path.join(servicesDir, `${key}.ts`), "utf8");
    files.set(key, text);
    for (const match of text.matchAll(RELATIVE_IMPORT)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(key), match[3]!));
      if (!target.startsWith("..")) pending.push(target);
    }
  }
  return files;
}

function compileFromSource(modules: string): string {
  const files = closure();
  const hash = createHash("sha256");
  for (const [key, text] of [...files].sort()) hash.update(key).update(text);
  const dir = path.join(modules, ".cache", "inkstone-sandbox", hash.digest("hex").slice(0, 16));
  if (existsSync(path.join(dir, "sandbox", "host-main.mjs"))) return dir;
  const require = createRequire(import.meta.url);
  const ts = require("typescript") as typeof import("typescript");
  const staging = `${dir}.${process.pid}.tmp`;
  for (const [key, text] of files) {
    const out = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    }).outputText;
    mkdirSync(path.join(staging, path.dirname(key)), { recursive: true });
    // .mjs: below node_modules no package.json says "type": "module"
    writeFileSync(path.join(staging, `${key}.mjs`), out.replace(RELATIVE_IMPORT, "$1$2$3.mjs$2"));
  }
  try {
    renameSync(staging, dir);
  } catch {
    // another process compiled the same sources first; theirs is identical
    rmSync(staging, { recursive: true, force: true });
  }
  // older compilations of changed sources are of no use (a host running from one has loaded it already)
  for (const old of readdirSync(path.dirname(dir))) {
    if (/^[0-9a-f]{16}$/.test(old) && path.join(path.dirname(dir), old) !== dir) {
      rmSync(path.join(path.dirname(dir), old), { recursive: true, force: true });
    }
  }
  return dir;
}
