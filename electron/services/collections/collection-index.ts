/**
 * Reads one collection's index on the main thread: its files (with their state: pending, indexed,
 * read by OCR, failed with a reason), their passages, and BM25 search over the passages' terms
 * (FTS5). Every write goes through the index writer thread (index-writes.ts, index-writer.ts).
 */
import type Database from "libsql";
import { ftsQuery } from "./search-query.js";

export type FileState = "pending" | "indexed" | "ocr" | "failed";

export interface IndexedFile {
  id: number;
  path: string;
  /** The path below the collection's folder (or the file's name): what a citation names. */
  name: string;
  size: number;
  mtimeMs: number;
  state: FileState;
  reason: string | null;
  message: string | null;
  pages: number;
  ocrPages: number;
}

export interface FoundPassage {
  id: number;
  fileId: number;
  file: string;
  page: number;
  para: number;
  text: string;
  /** BM25 (higher is better). */
  score: number;
}

interface FileRow {
  id: number;
  path: string;
  name: string;
  size: number;
  mtime_ms: number;
  state: FileState;
  reason: string | null;
  message: string | null;
  pages: number;
  ocr_pages: number;
}

const toFile = (r: FileRow): IndexedFile => ({
  id: r.id,
  path: r.path,
  name: r.name,
  size: r.size,
  mtimeMs: r.mtime_ms,
  state: r.state,
  reason: r.reason,
  message: r.message,
  pages: r.pages,
  ocrPages: r.ocr_pages,
});

export class CollectionIndex {
  constructor(readonly db: Database.Database) {}

  close(): void {
    this.db.close();
  }

  files(): IndexedFile[] {
    return (this.db.prepare("SELECT * FROM files ORDER BY name").all() as FileRow[]).map(toFile);
  }

  file(id: number): IndexedFile | null {
    const row = this.db.prepare("SELECT * FROM files WHERE id = ?").get(id) as FileRow | undefined;
    return row ? toFile(row) : null;
  }

  /** Passages by BM25 over the question's terms; files in `exclude` are left out. */
  search(question: string, options: { k?: number; exclude?: readonly number[] } = {}): FoundPassage[] {
    const k = options.k ?? 5;
    const match = ftsQuery(question);
    if (!match) return [];
    const exclude = new Set(options.exclude ?? []);
    // over-fetch when files are excluded: their passages are dropped after ranking
    const limit = exclude.size ? k * 4 + 100 : k;
    const ranked = this.db
      .prepare("SELECT rowid AS id, rank FROM passage_terms WHERE passage_terms MATCH ? ORDER BY rank LIMIT ?")
      .all(match, limit) as { id: number; rank: number }[];
    if (ranked.length === 0) return [];
    const rows = this.passagesById(ranked.map((r) => r.id));
    const found: FoundPassage[] = [];
    for (const r of ranked) {
      const row = rows.get(r.id);
      if (!row || exclude.has(row.fileId)) continue;
      found.push({ ...row, score: -r.rank });
      if (found.length === k) break;
    }
    return found;
  }

  /** The best passages of one file for the question (or its first ones when none matches): a pinned file. */
  searchFile(fileId: number, question: string, k: number): FoundPassage[] {
    const match = ftsQuery(question);
    const ranked = match
      ? (this.db
          .prepare(
            `SELECT t.rowid AS id, t.rank AS rank FROM passage_terms t JOIN passages p ON p.id = t.rowid
             WHERE passage_terms MATCH ? AND p.file_id = ? ORDER BY t.rank LIMIT ?`,
          )
          .all(match, fileId, k) as { id: number; rank: number }[])
      : [];
    if (ranked.length === 0) {
      const first = this.db
        .prepare("SELECT id FROM passages WHERE file_id = ? ORDER BY page, para LIMIT ?")
        .all(fileId, k) as { id: number }[];
      ranked.push(...first.map((r) => ({ id: r.id, rank: 0 })));
    }
    const rows = this.passagesById(ranked.map((r) => r.id));
    return ranked.flatMap((r) => {
      const row = rows.get(r.id);
      return row ? [{ ...row, score: -r.rank }] : [];
    });
  }

  private passagesById(ids: readonly number[]): Map<number, Omit<FoundPassage, "score">> {
    const rows = this.db
      .prepare(
        `SELECT p.id, p.file_id AS fileId, f.name AS file, p.page, p.para, p.text
         FROM passages p JOIN files f ON f.id = p.file_id WHERE p.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids)) as Omit<FoundPassage, "score">[];
    return new Map(rows.map((r) => [r.id, r]));
  }

  passage(id: number): Omit<FoundPassage, "score"> | null {
    return this.passagesById([id]).get(id) ?? null;
  }

  /** The passages of a file's page, by the file's name as cited. */
  pagePassages(file: string, page: number): Omit<FoundPassage, "score">[] {
    return this.db
      .prepare(
        `SELECT p.id, p.file_id AS fileId, f.name AS file, p.page, p.para, p.text
         FROM passages p JOIN files f ON f.id = p.file_id WHERE f.name = ? AND p.page = ? ORDER BY p.para`,
      )
      .all(file, page) as Omit<FoundPassage, "score">[];
  }

  stats(): { files: number; pages: number; failed: number; pending: number; passages: number } {
    const row = this.db
      .prepare(
        `SELECT COUNT(*) AS files, COALESCE(SUM(pages), 0) AS pages,
           COALESCE(SUM(state = 'failed'), 0) AS failed, COALESCE(SUM(state = 'pending'), 0) AS pending
         FROM files`,
      )
      .get() as { files: number; pages: number; failed: number; pending: number };
    const { n } = this.db.prepare("SELECT COUNT(*) AS n FROM passages").get() as { n: number };
    return { ...row, passages: n };
  }
}
