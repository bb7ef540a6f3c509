/**
 * The escape battery: ways untrusted code tries to leave the sandbox, per language, each written as
 * one test expression that would return the secret or cause an effect outside if it got out. Shared
 * by the API and CLI tests. Test support only (not product code).
 */
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";

export const SECRET = "inkstone-escape-secret-7f3a";
export const SECRET_ENV = "INKSTONE_SANDBOX_SECRET";

export interface Battery {
  dir: string;
  marker(name: string): string;
  port: number;
  connections(): number;
  close(): Promise<void>;
}

/** A temporary folder for marker files and a loopback listener that counts connections. */
export async function startBattery(): Promise<Battery> {
  process.env[SECRET_ENV] = SECRET;
  const dir = mkdtempSync(path.join(os.tmpdir(), "inkstone-escape-"));
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    dir,
    marker: (name) => path.join(dir, name),
    port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function jsAttempts(b: Battery): Record<string, string> {
  const file = JSON.stringify(b.marker("js-written"));
  const leak = `.env.${SECRET_ENV}`;
  return {
    "constructor of an object from outside (console.log)": `console.log.constructor("return process")()${leak}`,
    "constructor of a plain object": `({}).constructor.constructor("return process")()${leak}`,
    globalThis: `globalThis.process${leak}`,
    require: `require("fs").readFileSync("/etc/hostname", "utf8")`,
    "thrown object with custom inspect and toString": `(() => { throw { [Symbol.for("nodejs.util.inspect.custom")]() { return process${leak}; }, toString() { return process${leak}; } }; })()`,
    "Error.prepareStackTrace": `(() => { Error.prepareStackTrace = (e, frames) => frames[0].getThis().process; return new Error("x").stack${leak}; })()`,
    "async function constructor": `(async function () {}).constructor("return process")()`,
    "generator function constructor": `(function* () {}).constructor("return process")().next().value${leak}`,
    "dynamic import()": `import("node:fs").then((fs) => fs.readFileSync("/etc/hostname", "utf8"))`,
    "environment variable": `process.env.${SECRET_ENV}`,
    "read a file outside": `require("node:fs").readFileSync("/etc/hostname", "utf8")`,
    "write a file outside": `require("node:fs").writeFileSync(${file}, "x")`,
    "start a process": `require("node:child_process").execSync("touch " + ${file})`,
    "socket to a loopback listener (fetch)": `fetch("http://127.0.0.1:${b.port}/")`,
    "socket to a loopback listener (WebSocket)": `new WebSocket("ws://127.0.0.1:${b.port}/")`,
    "endless loop": "(() => { for (;;) {} })()",
    "ArrayBuffer bomb": "(() => { const keep = []; for (;;) keep.push(new ArrayBuffer(32 * 1024 * 1024)); })()",
    "deep recursion": "(function down(n) { return down(n + 1) + 1; })(0)",
  };
}

export function pyAttempts(b: Battery): Record<string, string> {
  const file = JSON.stringify(b.marker("py-written"));
  return {
    "os.system": `__import__("os").system("touch " + ${file}) == 0`,
    "os.system's original builtin, found through gc": `[f for f in __import__("gc").get_objects() if type(f).__name__ == "builtin_function_or_method" and f.__name__ == "system"][0]("touch " + ${file}) == 0`,
    "os.popen": `__import__("os").popen("touch " + ${file}).read()`,
    subprocess: `__import__("subprocess").run(["touch", ${file}])`,
    "import js": `__import__("js").process.env.${SECRET_ENV}`,
    "import pyodide_js": `__import__("pyodide_js")._module`,
    "pyodide.code.run_js": `__import__("pyodide.code", fromlist=["run_js"]).run_js("process.env.${SECRET_ENV}")`,
    "pyodide.code through the package": `__import__("pyodide").code.run_js("process")`,
    "a JavaScript object's constructor (pyodide.ffi)": `__import__("pyodide.ffi", fromlist=["to_js"]).to_js({}).constructor.constructor("return process")().env.${SECRET_ENV}`,
    ctypes: `__import__("ctypes").CDLL(None)`,
    socket: `__import__("socket").create_connection(("127.0.0.1", ${b.port}))`,
    urllib: `__import__("urllib.request", fromlist=["urlopen"]).urlopen("http://127.0.0.1:${b.port}/")`,
    "environment variable": `__import__("os").environ["${SECRET_ENV}"]`,
    "read a file outside": `open("/etc/hostname").read()`,
    "write a file outside": `open(${file}, "w").write("x")`,
    "endless loop": `exec("while True:\\n    pass")`,
    "bytearray bomb": "len(bytearray(512 * 1024 * 1024))",
    "deep recursion": `exec("import sys\\nsys.setrecursionlimit(10 ** 6)\\ndef down(n):\\n    return down(n + 1) + 1\\ndown(0)")`,
  };
}
