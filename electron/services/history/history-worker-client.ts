/**
 * The main side of the history worker (history-worker): started on first use, one job at a time
 * per kind, unref'd so it never keeps the process alive. `durable()` resolves once every commit
 * made before the call is on the disk; calls that arrive while an fsync runs share the next one.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";
import { startWorker } from "../network/guarded-start.js";
import type { HistoryJob, HistoryReply } from "./history-worker.js";

const here = path.dirname(fileURLToPath(import.meta.url));
/** The worker script beside this module: .js when built; from source (tests), .ts (the helper loads tsx). */
const workerFile = path.join(here, import.meta.url.endsWith(".ts") ? "history-worker.ts" : "history-worker.js");

type Pending = { resolve: (reply: HistoryReply & { ok: true }) => void; reject: (error: Error) => void };

export class HistoryWorker {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private syncing: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  /** WAL fsyncs the worker has done (tests count them). */
  syncs = 0;

  constructor(private readonly file: string) {}

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    // the database needs no network: none at all, loopback included
    const worker = startWorker(workerFile, {
      name: "history worker",
      policy: "deny-all",
      workerData: { file: this.file },
    });
    worker.unref();
    this.worker = worker;
    const failAll = (error: Error) => {
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
      this.worker = null;
      this.ready = null;
    };
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on("message", (message: HistoryReply | "ready") => {
        if (message === "ready") return resolve();
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.ok) pending?.resolve(message);
        else pending?.reject(new Error(message.message));
      });
      worker.on("error", (error) => {
        reject(error);
        failAll(error);
      });
      worker.on("exit", () => {
        const error = new Error("The history worker stopped.");
        reject(error);
        failAll(error);
      });
    });
    return this.ready;
  }

  private async call(
    job: { type: "sync" } | { type: "import"; json: string } | { type: "import"; file: string },
  ): Promise<HistoryReply & { ok: true }> {
    await this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage({ ...job, id } as HistoryJob);
    });
  }

  /** Resolves when every commit made before this call is durable (fsynced, off the main thread). */
  durable(): Promise<void> {
    if (!this.syncing) {
      this.syncing = this.call({ type: "sync" })
        .then((reply) => {
          this.syncs = reply.syncs ?? this.syncs;
        })
        .finally(() => {
          this.syncing = null;
        });
      return this.syncing;
    }
    // the fsync in flight may have started before this caller's commit: exactly one more follows it
    this.queued ??= this.syncing
      .catch(() => {})
      .then(() => {
        this.queued = null;
        return this.durable();
      });
    return this.queued;
  }

  /** Imports an export file's text as new conversations (in the worker); returns their ids. */
  async importJson(json: string): Promise<string[]> {
    return (await this.call({ type: "import", json })).conversationIds ?? [];
  }

  /** Imports an export file, read by the worker from `file`; returns the new conversations' ids. */
  async importFile(file: string): Promise<string[]> {
    return (await this.call({ type: "import", file })).conversationIds ?? [];
  }

  close(): void {
    this.worker?.postMessage({ type: "close" } satisfies HistoryJob);
    this.worker = null;
    this.ready = null;
  }
}
