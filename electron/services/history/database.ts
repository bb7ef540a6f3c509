/**
 * Opens the history database: WAL, foreign keys, an integrity check, migrations with a backup.
 * A database that cannot be opened or fails its check is moved aside (never deleted) and a fresh
 * one started, with a notice for the user saying where the old file went.
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "libsql";
import { migrate } from "./migrations.js";

export interface OpenedDatabase {
  db: Database.Database;
  notice: string | null;
  migratedFrom: number;
}

function applyPragmas(db: Database.Database): void {
  db.exec("PRAGMA journal_mode = WAL");
  // Commits write the WAL without waiting for the disk; the history worker fsyncs it off the main
  // thread and checkpoints it (so no commit here ever runs a checkpoint): see docs/history.md.
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA wal_autocheckpoint = 0");
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA busy_timeout = 5000");
}

function checkIntegrity(db: Database.Database): string | null {
  const rows = db.prepare("PRAGMA quick_check").all() as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== "ok");
  return problems.length ? problems.slice(0, 3).join("; ") : null;
}

function moveAside(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  const target = `${file}.corrupt-${stamp}`;
  renameSync(file, target);
  for (const suffix of ["-wal", "-shm"]) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  return target;
}

function backupPath(file: string, version: number, now: Date): string {
  return `${file}.v${version}-backup-${now.toISOString().slice(0, 10)}`;
}

export function openHistoryDatabase(file: string, options: { now?: () => Date } = {}): OpenedDatabase {
  const now = options.now ?? (() => new Date());
  let notice: string | null = null;
  let db: Database.Database | null = null;
  try {
    db = new Database(file);
    applyPragmas(db);
    const problem = checkIntegrity(db);
    if (problem) throw new Error(problem);
  } catch (error) {
    db?.close();
    db = null;
    const movedTo = moveAside(file, now());
    notice = `Your conversation history could not be read (${(error as Error).message.slice(0, 120)}). It was moved to ${path.basename(movedTo)} in the same folder, and a new history was started. Nothing was deleted.`;
  }
  db ??= new Database(file);
  applyPragmas(db);
  const database = db;
  const { from } = migrate(database, {
    backup: (version) => {
      const target = backupPath(file, version, now());
      rmSync(target, { force: true });
      database.exec(`VACUUM INTO '${target.replaceAll("'", "''")}'`);
    },
  });
  return { db: database, notice, migratedFrom: from };
}
