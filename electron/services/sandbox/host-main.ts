/**
 * The sandbox host process: receives jobs over IPC, runs them in QuickJS or Pyodide, and reports
 * each test as it finishes (so a run stopped from outside still keeps what it did). Started by
 * sandbox-host.ts under Node's permission model; nothing here trusts the code it runs.
 */
import { hardenHost, setMemoryCap, verifyCuts } from "./host-hardening.js";
import { intrinsicsLocked } from "./lock-intrinsics.js";
import type { HostJob, HostMessage } from "./protocol.js";

const ipc = process;
/** In Electron the host is a utilityProcess: its channel is parentPort, not Node's IPC. */
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: "message", listener: (event: { data: unknown }) => void): void;
}
const send = (message: HostMessage) => (parentPort ? parentPort.postMessage(message) : ipc.send?.(message));
const onJob = (listener: (job: HostJob) => void) =>
  parentPort ? parentPort.on("message", (event) => listener(event.data as HostJob)) : ipc.on("message", listener);

hardenHost();
const engine = process.argv[2] === "pyodide" ? "pyodide" : "quickjs";
const checked = verifyCuts();
if (!checked.ok) {
  send({ kind: "fatal", message: "The sandbox host started without its permission cuts; it refuses to run code." });
  ipc.exit(3);
}
ipc.on("disconnect", () => ipc.exit(0));

// the engine loads before the first job, so a warm host answers at once
const runner =
  engine === "pyodide"
    ? import("./run-pyodide.js").then(async (m) => {
        setMemoryCap(Number.POSITIVE_INFINITY);
        await m.loadPython();
        if (!intrinsicsLocked()) throw new Error("the host's built-ins are not locked");
        return m.runPyodide;
      })
    : import("./run-quickjs.js").then(async (m) => {
        await m.loadQuickJs();
        return m.runQuickJs;
      });

runner.then(
  () => send({ kind: "ready", engine, cuts: [...checked.cuts, ...(intrinsicsLocked() ? ["built-ins frozen"] : [])] }),
  (error: Error) => {
    send({ kind: "fatal", message: `The ${engine} engine did not load: ${error.message}` });
    ipc.exit(4);
  },
);

let queue = Promise.resolve();
onJob((job) => {
  queue = queue.then(async () => {
    const run = await runner;
    // QuickJS counts its own allocations; the WebAssembly cap is the backstop for both engines
    setMemoryCap(engine === "pyodide" ? job.limits.memoryBytes : job.limits.memoryBytes + 64 * 1024 * 1024);
    try {
      const outcome = await run(job, (index, result) => send({ kind: "test", id: job.id, index, result }));
      // Python gets a new interpreter every run; a QuickJS module the answer broke is replaced in run-quickjs.ts
      send({ kind: "done", id: job.id, outcome });
    } catch (error) {
      // an engine that failed outside the answer's code is not trusted again
      send({ kind: "fatal", message: (error as Error).message });
      ipc.exit(5);
    }
  });
});
