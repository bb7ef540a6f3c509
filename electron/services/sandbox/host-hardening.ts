/**
 * Cuts run inside the sandbox host process before any engine loads. The process is already started
 * under Node's permission model (no file writes, no child processes, no workers, no addons; see
 * host-entry.ts); these close what that model leaves open (sockets) and make the remaining doors
 * fail softly inside the engines instead of killing them.
 */
import childProcess from "node:child_process";
import dgram from "node:dgram";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import { currentGuard } from "../network/process-guard.js";

const BLOCKED = "Blocked: code in Inkstone's sandbox cannot start programs or open sockets";

/**
 * Pyodide's Node file system asks `process.binding("constants")`, which the permission model
 * refuses; this one answer is all it needs.
 */
function shimBindingConstants(): void {
  const host = process as unknown as { binding(name: string): unknown };
  const original = host.binding.bind(process);
  const shim = (name: string) => (name === "constants" ? { fs: fs.constants, os: os.constants } : original(name));
  Object.defineProperty(process, "binding", { value: shim, configurable: true, writable: true });
}

/** Every socket refused, loopback included; Pyodide's socket emulation would otherwise open real ones. */
function refuseSockets(): void {
  net.Socket.prototype.connect = function refused(this: net.Socket) {
    process.nextTick(() => this.destroy(Object.assign(new Error(BLOCKED), { code: "EINKSTONEBLOCKED" })));
    return this;
  } as typeof net.Socket.prototype.connect;
  net.Server.prototype.listen = function refused() {
    throw new Error(BLOCKED);
  } as typeof net.Server.prototype.listen;
  for (const name of ["createSocket"] as const) {
    Object.defineProperty(dgram, name, {
      value: () => {
        throw new Error(BLOCKED);
      },
    });
  }
  for (const name of ["fetch", "WebSocket", "EventSource"]) delete (globalThis as Record<string, unknown>)[name];
}

/**
 * Emscripten's `system()` calls child_process.spawnSync; the permission model would throw and kill
 * the Python instance. A refusal that looks like a failed command keeps it alive.
 */
function refuseProcesses(): void {
  const failed = () => ({
    pid: 0,
    status: 127,
    signal: null,
    output: [null, "", ""],
    stdout: "",
    stderr: "",
    error: new Error(BLOCKED),
  });
  const thrower = () => {
    throw new Error(BLOCKED);
  };
  const cp = childProcess as unknown as Record<string, unknown>;
  for (const name of ["spawnSync", "execSync", "execFileSync"]) cp[name] = name === "spawnSync" ? failed : thrower;
  for (const name of ["spawn", "exec", "execFile", "fork"]) cp[name] = thrower;
}

/**
 * Timers an engine starts during a run (Python's asyncio `call_later`/`call_soon` go through Pyodide
 * to Node's timers) would fire after the run, outside its clock: every one started inside a run's
 * scope is cancelled when the run ends.
 */
let timerScope: Set<{ clear(): void }> | null = null;

function scopeTimers(): void {
  const g = globalThis as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const [start, stop] of [
    ["setTimeout", "clearTimeout"],
    ["setInterval", "clearInterval"],
    ["setImmediate", "clearImmediate"],
  ] as const) {
    const original = g[start]!;
    const clear = g[stop]!;
    g[start] = (...args: unknown[]) => {
      const handle = original(...args);
      timerScope?.add({ clear: () => clear(handle) });
      return handle;
    };
  }
}

/** Starts recording the timers started from now on. */
export function openTimerScope(): void {
  timerScope = new Set();
}

/** Cancels every timer started since openTimerScope; returns how many there were. */
export function closeTimerScope(): number {
  const scope = timerScope;
  timerScope = null;
  for (const timer of scope ?? []) timer.clear();
  return scope?.size ?? 0;
}

let memoryCap = Number.POSITIVE_INFINITY;
let memoryHit = false;

/**
 * WebAssembly heaps grow through Memory.prototype.grow, called by Emscripten's allocator; a refusal
 * there makes malloc fail (a MemoryError in Python) instead of the process growing without bound.
 */
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(delta: number): number;
}

function capWasmMemory(): void {
  // Node's types leave WebAssembly out; the one method needed is typed here
  const prototype = (globalThis as unknown as { WebAssembly: { Memory: { prototype: WasmMemory } } }).WebAssembly.Memory
    .prototype;
  const grow = prototype.grow;
  prototype.grow = function capped(this: WasmMemory, delta: number) {
    if (this.buffer.byteLength + delta * 65536 > memoryCap) {
      memoryHit = true;
      throw new RangeError("WebAssembly.Memory.grow(): refused by Inkstone's sandbox memory limit");
    }
    return grow.call(this, delta);
  };
}

/** Sets the cap on any WebAssembly heap in this process; returns whether the last run hit it. */
export function setMemoryCap(bytes: number): void {
  memoryCap = bytes;
  memoryHit = false;
}

export function memoryCapHit(): boolean {
  return memoryHit;
}

/** The cuts in force, checked rather than assumed: a host without them refuses to run anything. */
export function verifyCuts(): { ok: boolean; cuts: string[] } {
  const permission = (process as unknown as { permission?: { has(scope: string): boolean } }).permission;
  const denied = permission ? ["fs.write", "child", "worker"].filter((scope) => !permission.has(scope)) : [];
  const guard = currentGuard()?.policy === "deny-all";
  return {
    ok: denied.length === 3 && guard,
    cuts: [...denied.map((s) => `no ${s}`), ...(guard ? ["network guard: deny-all"] : []), "no sockets", "no addons"],
  };
}

export function hardenHost(): void {
  shimBindingConstants();
  refuseSockets();
  refuseProcesses();
  capWasmMemory();
  scopeTimers();
}
