/**
 * The collection index writer: a worker thread that owns every write connection to the
 * collections' indexes (the main thread only reads), so neither the inserting nor a commit nor an
 * fsync nor a checkpoint ever runs on the main thread. The history's durability rules
 * (docs/history.md): WAL with `synchronous = NORMAL` (a commit returns once SQLite wrote the WAL,
 * without waiting for the disk), `durable` fsyncs the WAL (every frame written before it), and the
 * WAL is checkpointed (PASSIVE) here once it passes 4 MB, so no commit ever runs a checkpoint.
 *
 * Group commit: writes that arrive while the writer is busy go in together, one transaction per
 * index, however many files they carry; replies go once that transaction has committed.
 */
import { closeSync, fstatSync, fsyncSync, openSync } from "node:fs";
import { parentPort } from "node:worker_threads";
import type Database from "libsql";
import { openCollectionDatabase } from "./collection-database.js";
import { type IndexWrite, IndexWrites } from "./index-writes.js";

export type WriterJob =
  | { id: number; type: "open"; file: string }
  | { id: number; type: "write"; file: string; write: IndexWrite }
  | { id: number; type: "durable"; file: string }
  | { id: number; type: "close"; file: string }
  | { id: number; type: "close-all" };

export type WriterReply =
  | { id: number; ok: true; movedTo?: string | null; syncs?: number; writeMs?: number; fsyncMs?: number }
  | { id: number; ok: false; message: string };

/** Past this size the WAL is folded into the index (off the main thread), as for the history. */
const CHECKPOINT_BYTES = 4 * 1024 * 1024;

const port = parentPort;
if (!port) throw new Error("index-writer must run in a worker thread");

const open = new Map<string, IndexWrites>();
/** Writes waiting for the next group commit, by index file, in arrival order. */
const queued = new Map<string, { id: number; write: IndexWrite }[]>();
let flushScheduled = false;
let syncs = 0;
/** Time spent in transactions (inserting and committing) and in fsyncs and checkpoints, for bench:collections. */
let writeMs = 0;
let fsyncMs = 0;

const reply = (message: WriterReply) => port.postMessage(message);

function writesFor(file: string): IndexWrites {
  let writes = open.get(file);
  if (!writes) {
    const { db } = openCollectionDatabase(file);
    writes = new IndexWrites(db);
    open.set(file, writes);
  }
  return writes;
}

/** fsync of the index's WAL, then a passive checkpoint once it has grown. */
function syncWal(file: string, db: Database.Database): void {
  let fd: number;
  try {
    fd = openSync(`${file}-wal`, "r+"); // writable: Windows flushes only a handle opened for writing
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const started = performance.now();
  try {
    fsyncSync(fd);
    syncs++;
    if (fstatSync(fd).size > CHECKPOINT_BYTES) db.prepare("PRAGMA wal_checkpoint(PASSIVE)").all();
  } finally {
    closeSync(fd);
    fsyncMs += performance.now() - started;
  }
}

function walBytes(file: string): number {
  try {
    const fd = openSync(`${file}-wal`, "r");
    try {
      return fstatSync(fd).size;
    } finally {
      closeSync(fd);
    }
  } catch {
    return 0;
  }
}

/** Commits every queued write: one transaction per index; a batch that fails is retried write by write. */
function flush(): void {
  flushScheduled = false;
  for (const [file, batch] of queued) {
    queued.delete(file);
    let writes: IndexWrites;
    try {
      writes = writesFor(file);
    } catch (error) {
      for (const { id } of batch) reply({ id, ok: false, message: (error as Error).message });
      continue;
    }
    const started = performance.now();
    try {
      writes.transaction(batch.map((b) => b.write));
      writeMs += performance.now() - started;
      for (const { id } of batch) reply({ id, ok: true });
    } catch {
      // one bad write must not take the others with it
      for (const { id, write } of batch) {
        try {
          writes.transaction([write]);
          reply({ id, ok: true });
        } catch (error) {
          reply({ id, ok: false, message: (error as Error).message });
        }
      }
    }
    // a long indexing run never waits for `durable` to keep the WAL small
    if (walBytes(file) > CHECKPOINT_BYTES) syncWal(file, writes.db);
  }
}

port.on("message", (job: WriterJob) => {
  if (job.type === "write") {
    const batch = queued.get(job.file) ?? [];
    batch.push({ id: job.id, write: job.write });
    queued.set(job.file, batch);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush); // the messages already delivered join this batch
    }
    return;
  }
  flush(); // anything else sees every write sent before it
  try {
    switch (job.type) {
      case "open": {
        const { db, movedTo } = openCollectionDatabase(job.file);
        open.get(job.file)?.db.close();
        open.set(job.file, new IndexWrites(db));
        reply({ id: job.id, ok: true, movedTo });
        return;
      }
      case "durable": {
        const writes = open.get(job.file);
        if (writes) syncWal(job.file, writes.db);
        reply({ id: job.id, ok: true, syncs, writeMs, fsyncMs });
        return;
      }
      case "close": {
        const writes = open.get(job.file);
        open.delete(job.file);
        if (writes) {
          syncWal(job.file, writes.db);
          writes.db.close();
        }
        reply({ id: job.id, ok: true });
        return;
      }
      case "close-all": {
        for (const [file, writes] of open) {
          syncWal(file, writes.db);
          writes.db.close();
        }
        open.clear();
        reply({ id: job.id, ok: true });
        port.close();
        return;
      }
    }
  } catch (error) {
    reply({ id: job.id, ok: false, message: (error as Error).message });
  }
});
port.postMessage("ready");
