/**
 * Every write to a collection's index, run by the index writer thread (index-writer.ts) only: the
 * main thread reads. Statements are prepared once per connection; a batch of writes shares one
 * transaction (the writer groups what arrived while it was busy), and a file's passages always go
 * in with its new state, so a file is never half indexed.
 */
import type Database from "libsql";
import type { IndexedPassage } from "./passages.js";

export interface FileEntry {
  path: string;
  name: string;
  size: number;
  mtimeMs: number;
}

export type IndexWrite =
  /** The file list brought up to date with the disk: removed files go, added and changed ones wait. */
  | { type: "files"; remove: number[]; upsert: FileEntry[] }
  | { type: "indexed"; fileId: number; pages: number; ocrPages: number; passages: IndexedPassage[] }
  | { type: "failed"; fileId: number; reason: string; message: string };

export class IndexWrites {
  private readonly upsert;
  private readonly deleteTerms;
  private readonly deletePassages;
  private readonly deleteFile;
  private readonly insertPassage;
  private readonly insertTerms;
  private readonly markIndexed;
  private readonly markFailed;

  constructor(readonly db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT INTO files (path, name, size, mtime_ms, state) VALUES (?, ?, ?, ?, 'pending')
       ON CONFLICT(path) DO UPDATE SET name = excluded.name, size = excluded.size, mtime_ms = excluded.mtime_ms,
         state = 'pending', reason = NULL, message = NULL`,
    );
    this.deleteTerms = db.prepare(
      "DELETE FROM passage_terms WHERE rowid IN (SELECT id FROM passages WHERE file_id = ?)",
    );
    this.deletePassages = db.prepare("DELETE FROM passages WHERE file_id = ?");
    this.deleteFile = db.prepare("DELETE FROM files WHERE id = ?");
    this.insertPassage = db.prepare("INSERT INTO passages (file_id, page, para, text) VALUES (?, ?, ?, ?)");
    this.insertTerms = db.prepare("INSERT INTO passage_terms (rowid, terms) VALUES (?, ?)");
    this.markIndexed = db.prepare(
      "UPDATE files SET state = ?, reason = NULL, message = NULL, pages = ?, ocr_pages = ?, indexed_at = ? WHERE id = ?",
    );
    this.markFailed = db.prepare(
      "UPDATE files SET state = 'failed', reason = ?, message = ?, pages = 0, ocr_pages = 0, indexed_at = ? WHERE id = ?",
    );
  }

  private clear(fileId: number): void {
    this.deleteTerms.run(fileId);
    this.deletePassages.run(fileId);
  }

  /** Applies one write inside the caller's transaction. */
  apply(write: IndexWrite): void {
    switch (write.type) {
      case "files":
        for (const id of write.remove) {
          this.clear(id);
          this.deleteFile.run(id);
        }
        for (const f of write.upsert) this.upsert.run(f.path, f.name, f.size, Math.round(f.mtimeMs));
        return;
      case "indexed":
        this.clear(write.fileId);
        for (const p of write.passages) {
          const id = this.insertPassage.run(write.fileId, p.page, p.para, p.text).lastInsertRowid;
          this.insertTerms.run(id, p.terms);
        }
        this.markIndexed.run(
          write.ocrPages > 0 ? "ocr" : "indexed",
          write.pages,
          write.ocrPages,
          Date.now(),
          write.fileId,
        );
        return;
      case "failed":
        this.clear(write.fileId);
        this.markFailed.run(write.reason, write.message, Date.now(), write.fileId);
        return;
    }
  }

  /** Applies writes in one transaction; all or none. */
  transaction(writes: readonly IndexWrite[]): void {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      for (const write of writes) this.apply(write);
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }
}
