/**
 * One sandbox host process as the app sees it: started on demand, warm between runs, killed and
 * replaced when a run passes its wall clock or the host dies. The app's own memory never holds
 * the run: only results cross, as messages.
 */
import { forkProcess } from "../network/guarded-start.js";
import { type HostEntry, hostEntry, hostExecArgv } from "./host-entry.js";
import { limitMessage } from "./limits.js";
import type { HostJob, HostMessage, SandboxOutcome, SandboxTestResult } from "./protocol.js";

export type Engine = "quickjs" | "pyodide";

/** The host as a process handle, so Electron can start it its own way (see docs/sandbox.md). */
export interface SandboxProcess {
  send(job: HostJob): void;
  onMessage(listener: (message: HostMessage) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type SpawnSandboxProcess = (engine: Engine, entry: HostEntry) => SandboxProcess;

/**
 * Plain Node (web mode, tests, the CLIs): a child process through the network guard's helper, with
 * the guard refusing every socket, loopback included, and Node's permission model cutting the rest.
 */
export const forkSandboxProcess: SpawnSandboxProcess = (engine, entry) => {
  const child = forkProcess(entry.file, [engine], {
    name: `code sandbox (${engine})`,
    policy: "deny-all",
    bootstrapUrl: entry.guardBootstrapUrl,
    execArgv: hostExecArgv(entry),
    env: {},
    serialization: "json",
    stdio: ["ignore", "ignore", "ignore", "ipc"],
  });
  return {
    send: (job) => {
      if (child.connected) child.send(job);
    },
    onMessage: (listener) => child.on("message", (message) => listener(message as HostMessage)),
    onExit: (listener) => child.on("exit", (code) => listener(code)),
    kill: () => child.kill("SIGKILL"),
  };
};

/** Past the run's own clock, how long the app waits before it kills a host that does not answer. */
const GRACE_MS = 1500;
/** How long a host may take to load its engine (Pyodide: seconds on a busy machine). */
const START_MS = 60_000;

interface Pending {
  job: HostJob;
  results: SandboxTestResult[];
  resolve(outcome: SandboxOutcome): void;
  timer: NodeJS.Timeout | null;
}

export class SandboxHost {
  private process: SandboxProcess | null = null;
  private ready: Promise<void> | null = null;
  private pending: Pending | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private closed = false;

  constructor(
    readonly engine: Engine,
    private readonly spawn: SpawnSandboxProcess = forkSandboxProcess,
  ) {}

  /** Whether the engine is loaded and waiting (Python's first load takes seconds). */
  get warm(): boolean {
    return this.isReady;
  }
  private isReady = false;

  /** Starts the host and loads its engine, if not already. */
  prepare(): Promise<void> {
    if (this.closed) return Promise.reject(new Error("The sandbox is closed."));
    this.ready ??= this.start();
    return this.ready;
  }

  /** Runs one job at a time; a job waits for the one before it. */
  run(job: Omit<HostJob, "id" | "engine">): Promise<SandboxOutcome> {
    const next = this.queue.then(() => this.runNow({ ...job, id: this.nextId++, engine: this.engine }));
    this.queue = next.catch(() => {});
    return next;
  }

  close(): void {
    this.closed = true;
    this.stop();
  }

  private start(): Promise<void> {
    const child = this.spawn(this.engine, hostEntry());
    this.process = child;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stop();
        reject(new Error("The sandbox did not start in time."));
      }, START_MS);
      child.onMessage((message) => {
        if (message.kind === "ready") {
          clearTimeout(timer);
          this.isReady = true;
          resolve();
        } else if (message.kind === "fatal") {
          clearTimeout(timer);
          reject(new Error(message.message));
        } else this.onResult(message);
      });
      child.onExit(() => {
        clearTimeout(timer);
        reject(new Error("The sandbox stopped while starting."));
        // a host already replaced (killed after a timeout) must not end the job its successor is running
        if (this.process !== child) return;
        this.forget();
        this.finishPending("crashed");
      });
    });
  }

  private async runNow(job: HostJob): Promise<SandboxOutcome> {
    try {
      await this.prepare();
    } catch (error) {
      return {
        results: [],
        error: `${limitMessage("unavailable", job.limits)}: ${(error as Error).message}`,
        errorCode: "unavailable",
        stdout: "",
      };
    }
    return new Promise<SandboxOutcome>((resolve) => {
      const pending: Pending = { job, results: [], resolve, timer: null };
      this.pending = pending;
      pending.timer = setTimeout(() => {
        // the engine's own clock did not stop it (a long native call): the process goes
        this.finishPending("run-timeout");
        this.stop();
      }, job.limits.runMs + GRACE_MS);
      this.process?.send(job);
    });
  }

  private onResult(message: HostMessage): void {
    const pending = this.pending;
    if (!pending) return;
    if (message.kind === "test" && message.id === pending.job.id) pending.results[message.index] = message.result;
    if (message.kind === "done" && message.id === pending.job.id) {
      // a host whose engine can no longer run is replaced before the next job is sent to it
      if (message.retire) this.stop();
      this.settle(message.outcome);
    }
  }

  private settle(outcome: SandboxOutcome): void {
    const pending = this.pending;
    if (!pending) return;
    if (pending.timer) clearTimeout(pending.timer);
    this.pending = null;
    pending.resolve(outcome);
  }

  /** Ends the job in flight with what its tests reported so far; the rest were not run. */
  private finishPending(code: "run-timeout" | "crashed"): void {
    const pending = this.pending;
    if (!pending) return;
    const { job, results } = pending;
    const labels = job.tests.map((test) =>
      typeof test === "string" ? test : `${test.call}(${JSON.stringify(test.args).slice(1, -1)})`,
    );
    const firstMissing = labels.findIndex((_, index) => !results[index]);
    this.settle({
      results: labels.map(
        (label, index) =>
          results[index] ??
          (index === firstMissing
            ? { test: label, passed: false, message: limitMessage(code, job.limits), code }
            : { test: label, passed: false, message: limitMessage("not-run", job.limits), code: "not-run" }),
      ),
      error: limitMessage(code, job.limits),
      errorCode: code,
      stdout: "",
    });
  }

  private stop(): void {
    const child = this.process;
    this.forget();
    child?.kill();
  }

  private forget(): void {
    this.process = null;
    this.ready = null;
    this.isReady = false;
  }
}
