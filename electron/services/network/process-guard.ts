/**
 * This thread's network guard. The main process installs its own (installMainGuard, first thing in
 * its entry point); every child process and worker thread gets one from guard-bootstrap.ts, loaded
 * before its own code by the helper in guarded-start.ts.
 */
import type { NetworkGuard } from "./network-guard.js";
import { installSocketGuard } from "./socket-guard.js";

const CURRENT = Symbol.for("inkstone.networkGuard");
type Holder = { [CURRENT]?: NetworkGuard };

/** The guard installed in this thread, if any. */
export function currentGuard(): NetworkGuard | undefined {
  return (globalThis as Holder)[CURRENT];
}

/**
 * Installs `guard` on every socket, DNS lookup and datagram of this thread and makes it the one
 * that children started from here inherit from. Idempotent per thread: a second call keeps the first.
 * Returns the uninstaller (for tests).
 */
export function installProcessGuard(guard: NetworkGuard): { guard: NetworkGuard; uninstall: () => void } {
  const holder = globalThis as Holder;
  const existing = holder[CURRENT];
  if (existing) return { guard: existing, uninstall: () => {} };
  holder[CURRENT] = guard;
  const uninstallSockets = installSocketGuard(guard);
  return {
    guard,
    uninstall: () => {
      uninstallSockets();
      delete holder[CURRENT];
    },
  };
}
