/**
 * The history's worker thread, with its own connection to the database: what would otherwise stop
 * the main process runs here. `sync` makes every commit so far durable (fsync of the WAL file: the
 * main connection commits with synchronous = NORMAL, which writes the WAL without waiting for the
 * disk), then checkpoints the WAL into the database once it has grown; `import` reads and writes an export
 * file (read, parse, validation, insertion). See docs/history.md.
 */
import { closeSync, fstatSync, fsyncSync, openSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { parentPort, workerData } from "node:worker_threads";
import Database from "libsql";

export type HistoryJob =
  | { id: number; type: "sync" }
  | { id: number; type: "import"; json: string }
  | { id: number; type: "import"; file: string }
  | { type: "close" };
export type HistoryReply =
  | { id: number; ok: true; syncs?: number; conversationIds?: string[] }
  | { id: number; ok: false; message: string };

/** The WAL is folded into the database (a checkpoint, here, off the main thread) past this size. */
const CHECKPOINT_BYTES = 4 * 1024 * 1024;

const { file } = workerData as { file: string };
const db = new Database(file);
db.exec("PRAGMA busy_timeout = 10000");
db.exec("PRAGMA foreign_keys = ON");
db.exec("PRAGMA synchronous = NORMAL"); // this connection's checkpoints sync the WAL before and the database after
let syncs = 0;

/** fsync of the WAL file: every frame written to it so far, by any connection, is on the disk after this. */
function syncWal(): void {
  let fd: number;
  try {
    fd = openSync(`${file}-wal`, "r+"); // writable: Windows flushes only a handle opened for writing
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // no WAL: every commit is in the database file
    throw error;
  }
  try {
    fsyncSync(fd);
    syncs++;
    if (fstatSync(fd).size > CHECKPOINT_BYTES) db.prepare("PRAGMA wal_checkpoint(PASSIVE)").all();
  } finally {
    closeSync(fd);
  }
}

parentPort?.on("message", async (job: HistoryJob) => {
  if (job.type === "close") {
    db.close();
    parentPort?.close();
    return;
  }
  try {
    if (job.type === "sync") {
      syncWal();
      parentPort?.postMessage({ id: job.id, ok: true, syncs } satisfies HistoryReply);
    } else {
      // loaded on the first import only: the fsync path starts fast
      const { parseExport, writeImport } = await import("./import-writer.js");
      const json = "file" in job ? await readFile(job.file, "utf8") : job.json;
      const conversationIds = await writeImport(db, parseExport(json));
      syncWal();
      parentPort?.postMessage({ id: job.id, ok: true, conversationIds } satisfies HistoryReply);
    }
  } catch (error) {
    parentPort?.postMessage({ id: job.id, ok: false, message: (error as Error).message } satisfies HistoryReply);
  }
});
parentPort?.postMessage("ready");
