/**
 * One collection's index: a SQLite file (libsql) with the history's durability rules
 * (docs/history.md): WAL, `synchronous = NORMAL` commits made durable by an fsync of the WAL and
 * checkpointed by the index writer thread (index-writer.ts, which opens it: the quick check and
 * migrations never run on the main thread), no automatic checkpoint, `PRAGMA quick_check` when
 * opened, a file that fails it moved aside (never deleted) and rebuilt, versioned migrations each
 * in its own transaction after a `VACUUM INTO` backup. The main thread reads through its own
 * query-only connection. Kept apart from the history database on purpose: an index can always be
 * rebuilt from the user's files, a history cannot.
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import Database from "libsql";

interface Migration {
  version: number;
  description: string;
  sql: string;
}

const migrations: readonly Migration[] = [
  {
    version: 1,
    description: "files, passages and their FTS5 terms",
    sql: `
      CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'indexed', 'ocr', 'failed')),
        reason TEXT,
        message TEXT,
        pages INTEGER NOT NULL DEFAULT 0,
        ocr_pages INTEGER NOT NULL DEFAULT 0,
        indexed_at INTEGER
      );
      CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        page INTEGER NOT NULL,
        para INTEGER NOT NULL,
        text TEXT NOT NULL
      );
      CREATE INDEX passages_by_file ON passages(file_id, page);
      -- terms come pre-tokenized (Latin words, CJK character pairs) separated by spaces; the ascii
      -- tokenizer then splits on exactly those spaces. Contentless: the text lives in passages.
      CREATE VIRTUAL TABLE passage_terms USING fts5(terms, content = '', contentless_delete = 1, tokenize = 'ascii');
    `,
  },
];

export const INDEX_VERSION = migrations.at(-1)!.version;

function applyPragmas(db: Database.Database): void {
  db.exec("PRAGMA journal_mode = WAL");
  // commits write the WAL without waiting for the disk; the writer fsyncs and checkpoints it
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA wal_autocheckpoint = 0");
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA busy_timeout = 5000");
}

function quickCheck(db: Database.Database): string | null {
  const rows = db.prepare("PRAGMA quick_check").all() as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== "ok");
  return problems.length ? problems.slice(0, 3).join("; ") : null;
}

function migrate(db: Database.Database, file: string, now: Date): void {
  const from = Number((db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version);
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length > 0 && from > 0) {
    const backup = `${file}.v${from}-backup-${now.toISOString().slice(0, 10)}`;
    rmSync(backup, { force: true });
    db.exec(`VACUUM INTO '${backup.replaceAll("'", "''")}'`);
  }
  for (const migration of pending) {
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(migration.sql);
      db.exec(`PRAGMA user_version = ${migration.version}`);
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw new Error(`Migration ${migration.version} (${migration.description}) failed: ${(error as Error).message}`);
    }
  }
}

export function removeDatabaseFiles(file: string): void {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
}

/** Opens (or creates) an index; a damaged one is moved aside and `rebuilt` is true: index everything again. */
export function openCollectionDatabase(
  file: string,
  now = new Date(),
): { db: Database.Database; rebuilt: boolean; movedTo: string | null } {
  let db: Database.Database | null = null;
  let movedTo: string | null = null;
  try {
    db = new Database(file);
    applyPragmas(db);
    const problem = quickCheck(db);
    if (problem) throw new Error(problem);
  } catch {
    db?.close();
    db = null;
    movedTo = `${file}.corrupt-${now.toISOString().replace(/[:.]/g, "-")}`;
    renameSync(file, movedTo);
    for (const suffix of ["-wal", "-shm"]) if (existsSync(file + suffix)) renameSync(file + suffix, movedTo + suffix);
  }
  db ??= new Database(file);
  applyPragmas(db);
  migrate(db, file, now);
  return { db, rebuilt: movedTo !== null, movedTo };
}

/** The main thread's connection to an index the writer has opened: reads only, never a checkpoint. */
export function openIndexReader(file: string): Database.Database {
  const db = new Database(file);
  db.exec("PRAGMA query_only = 1");
  db.exec("PRAGMA wal_autocheckpoint = 0");
  db.exec("PRAGMA busy_timeout = 5000");
  return db;
}
