/**
 * A few long-lived index workers shared by every collection: files queue here and go to the next
 * free worker. A file that is cancelled while being read, takes too long, or crashes its worker
 * ends that worker (OCR's thread with it); a fresh one takes its place for the next file.
 */
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";
import { startWorker } from "../network/guarded-start.js";
import type { IndexTask, IndexWorkerMessage } from "./index-worker.js";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The worker script beside this module: .js when built; from source (tests, CLI), .ts (the helper loads tsx). */
const workerFile = path.join(here, import.meta.url.endsWith(".ts") ? "index-worker.ts" : "index-worker.js");

export type IndexOutcome = Extract<IndexWorkerMessage, { type: "done" } | { type: "failed" }>;

interface Pending {
  task: IndexTask;
  signal?: AbortSignal;
  onProgress?: (stage: string, done: number, total: number) => void;
  resolve(outcome: IndexOutcome | null): void;
}

interface Slot {
  worker: Worker | null;
  current: (Pending & { timer: NodeJS.Timeout; onAbort(): void }) | null;
}

/** A file (with OCR pages) taking longer than this is given up: a hostile PDF cannot stall the queue. */
const FILE_TIMEOUT_MS = 5 * 60_000;

export class IndexPool {
  private readonly slots: Slot[];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    size = Math.max(1, Math.min(4, os.availableParallelism())),
    private readonly timeoutMs = FILE_TIMEOUT_MS,
  ) {
    this.slots = Array.from({ length: size }, () => ({ worker: null, current: null }));
  }

  get size(): number {
    return this.slots.length;
  }

  /** Reads one file; null when cancelled through `signal`. */
  run(
    task: Omit<IndexTask, "id">,
    options: { signal?: AbortSignal; onProgress?: Pending["onProgress"] } = {},
  ): Promise<IndexOutcome | null> {
    if (this.closed || options.signal?.aborted) return Promise.resolve(null);
    return new Promise((resolve) => {
      const pending: Pending = { task: { ...task, id: this.nextId++ }, ...options, resolve };
      this.queue.push(pending);
      options.signal?.addEventListener(
        "abort",
        () => {
          const at = this.queue.indexOf(pending);
          if (at >= 0) {
            this.queue.splice(at, 1);
            resolve(null);
          }
        },
        { once: true },
      );
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.current || this.queue.length === 0) continue;
      const pending = this.queue.shift()!;
      const worker = slot.worker ?? this.spawn(slot);
      const end = (outcome: IndexOutcome | null, killWorker: boolean) => {
        if (slot.current?.task.id !== pending.task.id) return;
        clearTimeout(slot.current.timer);
        pending.signal?.removeEventListener("abort", slot.current.onAbort);
        slot.current = null;
        if (killWorker) this.kill(slot);
        pending.resolve(outcome);
        this.dispatch();
      };
      const onAbort = () => end(null, true);
      const timer = setTimeout(
        () =>
          end(
            {
              type: "failed",
              id: pending.task.id,
              reason: "timeout",
              message: `Reading this file took longer than ${this.timeoutMs / 60_000} minutes and was stopped.`,
            },
            true,
          ),
        this.timeoutMs,
      );
      slot.current = { ...pending, timer, onAbort };
      pending.signal?.addEventListener("abort", onAbort, { once: true });
      worker.postMessage(pending.task);
    }
  }

  private spawn(slot: Slot): Worker {
    // a hostile file may not take the whole machine's memory with it
    const worker = startWorker(workerFile, {
      name: "collection index worker",
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
    slot.worker = worker;
    worker.on("message", (message: IndexWorkerMessage) => {
      const current = slot.current;
      if (!current || message.id !== current.task.id) return;
      if (message.type === "progress") current.onProgress?.(message.stage, message.done, message.total);
      else {
        clearTimeout(current.timer);
        current.signal?.removeEventListener("abort", current.onAbort);
        slot.current = null;
        current.resolve(message);
        this.dispatch();
      }
    });
    const lost = (why: string) => {
      if (slot.worker !== worker) return;
      slot.worker = null;
      const current = slot.current;
      if (!current) return;
      clearTimeout(current.timer);
      current.signal?.removeEventListener("abort", current.onAbort);
      slot.current = null;
      current.resolve({ type: "failed", id: current.task.id, reason: "crashed", message: why });
      this.dispatch();
    };
    worker.on("error", (error) => lost(`Reading this file failed: ${error.message}`));
    worker.on("exit", (code) => lost(`Reading this file stopped unexpectedly (exit code ${code}).`));
    return worker;
  }

  private kill(slot: Slot): void {
    const worker = slot.worker;
    slot.worker = null;
    void worker?.terminate();
  }

  /** Ends every worker; queued and running files resolve as cancelled. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.resolve(null);
    await Promise.all(
      this.slots.map(async (slot) => {
        const current = slot.current;
        slot.current = null;
        if (current) {
          clearTimeout(current.timer);
          current.resolve(null);
        }
        const worker = slot.worker;
        slot.worker = null;
        await worker?.terminate();
      }),
    );
  }
}
