/**
 * The main side of the collection index writer (index-writer.ts): started on first use through the
 * guard helper with no network at all; it keeps the process alive only while a call waits for its
 * reply (a CLI awaiting a commit must not exit under it; an idle app quits without it). A write
 * resolves once its transaction has committed (the WAL written); `durable` once every write made
 * before it is on the disk (fsynced in the worker).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";
import { startWorker } from "../network/guarded-start.js";
import type { WriterJob, WriterReply } from "./index-writer.js";
import type { IndexWrite } from "./index-writes.js";

const here = path.dirname(fileURLToPath(import.meta.url));
/** The worker script beside this module: .js when built; from source (tests, CLI), .ts (the helper loads tsx). */
const workerFile = path.join(here, import.meta.url.endsWith(".ts") ? "index-writer.ts" : "index-writer.js");

type Ok = WriterReply & { ok: true };
type Call = WriterJob extends infer J ? (J extends { id: number } ? Omit<J, "id"> : never) : never;

export class IndexWriter {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending = new Map<number, { resolve(reply: Ok): void; reject(error: Error): void }>();
  private nextId = 1;
  /** WAL fsyncs the writer has done (tests count them), and its time writing and syncing (as of the last durable). */
  syncs = 0;
  writeMs = 0;
  fsyncMs = 0;

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const worker = startWorker(workerFile, { name: "collection index writer", policy: "deny-all" });
    this.worker = worker; // kept referenced until it is ready
    const failAll = (error: Error) => {
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
      if (this.worker === worker) {
        this.worker = null;
        this.ready = null;
      }
    };
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on("message", (message: WriterReply | "ready") => {
        if (message === "ready") {
          if (this.pending.size === 0) worker.unref();
          return resolve();
        }
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (this.pending.size === 0) worker.unref();
        if (message.ok) pending?.resolve(message);
        else pending?.reject(new Error(message.message));
      });
      worker.on("error", (error) => {
        reject(error);
        failAll(error);
      });
      worker.on("exit", () => {
        const error = new Error("The collection index writer stopped.");
        reject(error);
        failAll(error);
      });
    });
    return this.ready;
  }

  private async call(job: Call): Promise<Ok> {
    await this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.ref();
      this.worker!.postMessage({ ...job, id } as WriterJob);
    });
  }

  /** Opens (or creates, or moves aside and recreates) an index; `movedTo` where a damaged one went. */
  async open(file: string): Promise<{ movedTo: string | null }> {
    return { movedTo: (await this.call({ type: "open", file })).movedTo ?? null };
  }

  /** Resolves once the write has committed (in a group commit with the writes that arrived with it). */
  async write(file: string, write: IndexWrite): Promise<void> {
    await this.call({ type: "write", file, write });
  }

  /** Resolves once every write to `file` made before this call is on the disk. */
  async durable(file: string): Promise<void> {
    const reply = await this.call({ type: "durable", file });
    this.syncs = reply.syncs ?? this.syncs;
    this.writeMs = reply.writeMs ?? this.writeMs;
    this.fsyncMs = reply.fsyncMs ?? this.fsyncMs;
  }

  /** Makes the index durable and closes the writer's connection to it (before its files are removed). */
  async closeIndex(file: string): Promise<void> {
    if (this.worker) await this.call({ type: "close", file });
  }

  /** Makes every index durable, closes them and ends the thread. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await this.call({ type: "close-all" }).catch(() => {});
    await worker.terminate(); // every index is closed by now: nothing is cut short
  }
}
