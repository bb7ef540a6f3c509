/**
 * The one way Inkstone starts a worker thread or a child process: with the network guard loaded
 * before the child's own code (guard-bootstrap.ts through `--import`, or a wrapper that imports it
 * first where `--import` is not honoured). electron/services/network/start-sites.test.ts fails
 * when product code starts a worker or a process any other way.
 *
 *   startWorker(file, { name, policy?, ...WorkerOptions })      a worker thread running `file`
 *   startEvalWorker(source, { name, policy?, ...WorkerOptions }) a worker running CommonJS source text
 *   forkProcess(file, args, { name, policy?, ...ForkOptions })   a Node child process
 *   utilityProcessGuard({ name })   what the Electron glue passes to utilityProcess.fork
 *   runLocalTool("ldconfig", args)  the only non-Node program Inkstone runs (no guard can load into it)
 *   installMainGuard()              the main process's own guard, first thing in its entry point
 *
 * Workers and processes a dependency starts itself (tesseract.js's OCR thread, node-llama-cpp's
 * binary test) are guarded too: in every guarded thread, worker_threads.Worker and
 * child_process.fork are replaced by these functions (guardDependencyWorkers/Processes).
 *
 * Policies: "inherit" (the default) allows loopback plus the hosts the main process allows, kept
 * current over a link of the child's own (guard-link.ts); "deny-all" refuses everything, loopback
 * included (the code sandbox). A child of a "deny-all" thread is "deny-all" whatever it asks for.
 * Every attempt a child sees is reported up the link and listed in the main process's log.
 */
import childProcess, { type ChildProcess, execFileSync, type ForkOptions, type StdioOptions } from "node:child_process";
import { syncBuiltinESMExports } from "node:module";
import type { Socket } from "node:net";
import wt, { MessageChannel, type Worker, type WorkerOptions } from "node:worker_threads";
import {
  GUARD_ENV,
  type GuardConfig,
  isUtilityGuardMessage,
  lineLink,
  serveChild,
  serveWorkerPort,
  UTILITY_TAG,
  WORKER_KEY,
} from "./guard-link.js";
import { type GuardPolicy, NetworkGuard } from "./network-guard.js";
import { currentGuard, installProcessGuard } from "./process-guard.js";

export interface GuardedStart {
  /** What the child is, as the network log names it ("engine process", "extraction worker"). */
  name: string;
  /** Default "inherit". */
  policy?: GuardPolicy;
  /**
   * A compiled (JavaScript) guard bootstrap to load instead of this folder's, with no TypeScript
   * loader added: for a child that may not start the loader's worker thread (the code sandbox's
   * host, under Node's permission model). forkProcess only.
   */
  bootstrapUrl?: string;
}

// the originals, kept before guardDependencyWorkers/Processes replace the modules' exports
const OriginalWorker = wt.Worker;
const originalFork = childProcess.fork;
const fromSource = import.meta.url.endsWith(".ts");
/** The bootstrap beside this module: .js when built; from source (tests, tsx) the .ts, loaded through tsx. */
export const guardBootstrapUrl = new URL(`./guard-bootstrap.${fromSource ? "ts" : "js"}`, import.meta.url).href;

function effectivePolicy(requested: GuardPolicy | undefined): GuardPolicy {
  return currentGuard()?.policy === "deny-all" ? "deny-all" : (requested ?? "inherit");
}

function hostsNow(policy: GuardPolicy): string[] {
  return policy === "deny-all" ? [] : (currentGuard()?.status().activeHosts ?? []);
}

/** `--import` arguments that load the guard first (tsx before it when running from source). */
export function guardExecArgv(execArgv: readonly string[] = [], bootstrapUrl?: string): string[] {
  if (bootstrapUrl) return [...execArgv, "--import", bootstrapUrl];
  const tsx = fromSource && !execArgv.some((a, i) => a === "tsx" && execArgv[i - 1] === "--import");
  return [...execArgv, ...(tsx ? ["--import", "tsx"] : []), "--import", guardBootstrapUrl];
}

function withGuardData(options: WorkerOptions & GuardedStart): WorkerOptions {
  const { name, policy: requested, ...rest } = options;
  const policy = effectivePolicy(requested);
  const { port1, port2 } = new MessageChannel();
  const parent = currentGuard();
  if (parent) serveWorkerPort(parent, port1, policy);
  else port1.close();
  const config: GuardConfig & { port: typeof port2 } = { policy, hosts: hostsNow(policy), origin: name, port: port2 };
  return {
    ...rest,
    workerData: { [WORKER_KEY]: config, data: rest.workerData },
    transferList: [...(rest.transferList ?? []), port2],
  };
}

/** Script text for an eval worker that loads the guard, then `then` (JavaScript text). */
function bootThen(then: string): string {
  const boot = JSON.stringify(guardBootstrapUrl);
  const start = fromSource
    ? `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${boot}); })`
    : `import(${boot})`;
  return `${start}.then(() => { ${then} });`;
}

/** Starts a worker thread running the module at `file` (a path or file URL), guard first. */
export function startWorker(file: string | URL, options: WorkerOptions & GuardedStart): Worker {
  const guarded = withGuardData(options);
  if (fromSource) {
    // a worker honours `--import` but cannot load .ts there: a wrapper registers tsx and loads the guard first
    const href = typeof file === "string" && !file.startsWith("file:") ? new URL(`file://${file}`).href : String(file);
    return new OriginalWorker(bootThen(`return import(${JSON.stringify(href)});`), { ...guarded, eval: true });
  }
  return new OriginalWorker(file, { ...guarded, execArgv: guardExecArgv(options.execArgv) });
}

/** Starts a worker running CommonJS `source` (as `new Worker(source, { eval: true })`), guard first. */
export function startEvalWorker(source: string, options: WorkerOptions & GuardedStart): Worker {
  // eval workers ignore `--import`: the wrapper loads the guard, then runs the source in global scope
  return new OriginalWorker(bootThen(`(0, eval)(${JSON.stringify(source)});`), {
    ...withGuardData(options),
    eval: true,
  });
}

function stdioWithIpc(stdio: StdioOptions | undefined): (string | number | null | undefined | object)[] {
  if (Array.isArray(stdio)) return stdio.includes("ipc") ? [...stdio] : [...stdio, "ipc"];
  const each = typeof stdio === "string" ? stdio : "inherit";
  return [each, each, each, "ipc"];
}

/** Forks a Node child process running `file`, guard first (`--import`, and NODE_OPTIONS for its own children). */
export function forkProcess(file: string, args: string[], options: ForkOptions & GuardedStart): ChildProcess {
  const { name, policy: requested, bootstrapUrl, ...rest } = options;
  const policy = effectivePolicy(requested);
  const stdio = stdioWithIpc(rest.stdio);
  const fd = stdio.length;
  stdio.push("pipe"); // the guard's link: an extra pipe, apart from the app's IPC
  const config: GuardConfig = { policy, hosts: hostsNow(policy), origin: name, fd };
  const env = { ...(rest.env ?? process.env) };
  env[GUARD_ENV] = JSON.stringify(config);
  // a Node grandchild (a dependency's own fork) loads the guard too, with the policy at start and no link
  env.NODE_OPTIONS = [
    env.NODE_OPTIONS,
    ...guardExecArgv([], bootstrapUrl).map((a) => (a.startsWith("--") ? a : `"${a}"`)),
  ]
    .filter(Boolean)
    .join(" ");
  const child = originalFork(file, args, {
    ...rest,
    env,
    stdio: stdio as StdioOptions,
    execArgv: guardExecArgv(rest.execArgv ?? [], bootstrapUrl),
  });
  const parent = currentGuard();
  const pipe = child.stdio[fd] as Socket | null | undefined;
  if (parent && pipe) {
    const served = serveChild(parent, (m) => send(m), policy);
    const send = lineLink(pipe, (m) => served.receive(m));
    child.once("exit", () => served.close());
  }
  return child;
}

/**
 * For the Electron glue: the execArgv and environment to start a utilityProcess with (its entry
 * also imports the bootstrap first, in case `--import` is not honoured there), and `take`, which
 * removes the guard's tagged reports from the child's messages (true when it took one).
 */
export function utilityProcessGuard(options: GuardedStart): {
  execArgv: string[];
  env: NodeJS.ProcessEnv;
  take(message: unknown): boolean;
} {
  const policy = effectivePolicy(options.policy);
  const config: GuardConfig = { policy, hosts: hostsNow(policy), origin: options.name };
  const parent = currentGuard();
  const served = parent ? serveChild(parent, () => {}, "deny-all") : null;
  return {
    execArgv: guardExecArgv(),
    env: { ...process.env, [GUARD_ENV]: JSON.stringify(config) },
    take(message) {
      if (!isUtilityGuardMessage(message)) return false;
      served?.receive(message[UTILITY_TAG]);
      return true;
    },
  };
}

/** Local programs Inkstone may run: not Node, so no guard can load into them; each reads only local state. */
const LOCAL_TOOLS = {
  /** Lists the dynamic linker's cache (which GPU libraries are installed). */
  ldconfig: "ldconfig",
} as const;

export function runLocalTool(
  tool: keyof typeof LOCAL_TOOLS,
  args: string[],
  options: { timeout?: number } = {},
): string {
  return execFileSync(LOCAL_TOOLS[tool], args, { encoding: "utf8", timeout: options.timeout ?? 2000 });
}

/**
 * Workers a dependency starts itself (tesseract.js's OCR thread) go through startWorker too: this
 * thread's `Worker` export is replaced by one that loads the guard first.
 */
export function guardDependencyWorkers(): void {
  if (wt.Worker !== OriginalWorker) return;
  const origin = currentGuard()?.origin ?? "worker";
  function Worker(file: string | URL, options: WorkerOptions = {}) {
    const named = { ...options, name: `${origin} › worker thread` };
    return options.eval ? startEvalWorker(String(file), named) : startWorker(file, named);
  }
  Worker.prototype = OriginalWorker.prototype;
  (wt as { Worker: unknown }).Worker = Worker;
  syncBuiltinESMExports();
}

/**
 * Processes a dependency forks itself (node-llama-cpp tests its binary in a child) go through
 * forkProcess too, with a link of their own. A Node child a dependency starts with spawn() still
 * loads the guard, through NODE_OPTIONS (set by forkProcess), with the policy at its start but
 * no link: its attempts are refused and written to its stderr only.
 */
export function guardDependencyProcesses(): void {
  if (childProcess.fork !== originalFork) return;
  const origin = currentGuard()?.origin ?? "process";
  const guardedFork = (file: string | URL, args?: readonly string[] | ForkOptions, options?: ForkOptions) => {
    const [argv, opts] = Array.isArray(args) ? [args, options] : [[], args as ForkOptions | undefined];
    return forkProcess(String(file), [...argv], { ...opts, name: `${origin} › child process` });
  };
  (childProcess as { fork: unknown }).fork = guardedFork;
  syncBuiltinESMExports();
}

/** The main process's guard: loopback, and a download's or remote run's host while it runs. */
export function installMainGuard(): NetworkGuard {
  const { guard } = installProcessGuard(new NetworkGuard({ origin: "main process" }));
  guardDependencyWorkers();
  guardDependencyProcesses();
  return guard;
}
