/**
 * Versioned schema migrations. Each runs in its own transaction after a backup copy of the
 * database is taken; `PRAGMA user_version` records the version reached. Never edit a released
 * migration: add a new one.
 */
import type Database from "libsql";
import { shortGrams } from "./search-text.js";

/** What version 2 indexed for two-character CJK words (its table is replaced by version 6's short grams). */
function cjkBigrams(text: string): string {
  const grams: string[] = [];
  for (const run of text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
  }
  return grams.join(" ");
}

export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: "conversations and messages with branches",
    up(db) {
      db.exec(`
        CREATE TABLE conversations (
          id TEXT PRIMARY KEY,
          title TEXT NOT NULL DEFAULT '',
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          pinned INTEGER NOT NULL DEFAULT 0,
          model_variant TEXT,
          settings TEXT NOT NULL DEFAULT '{}',
          deleted_at INTEGER,
          active_leaf_id TEXT
        );
        CREATE TABLE messages (
          id TEXT PRIMARY KEY,
          conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
          parent_id TEXT REFERENCES messages(id) ON DELETE CASCADE,
          role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
          content TEXT NOT NULL DEFAULT '',
          reasoning TEXT NOT NULL DEFAULT '',
          status TEXT NOT NULL CHECK (status IN ('streaming', 'complete', 'stopped', 'error', 'interrupted')),
          error TEXT,
          metrics TEXT,
          attachments TEXT NOT NULL DEFAULT '[]',
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX messages_by_conversation ON messages(conversation_id, created_at);
        CREATE INDEX messages_by_parent ON messages(parent_id);
        CREATE INDEX conversations_for_list ON conversations(deleted_at, pinned DESC, updated_at DESC);
      `);
    },
  },
  {
    version: 2,
    description: "full-text search: trigram index, CJK bigram index",
    up(db) {
      db.exec(`
        CREATE VIRTUAL TABLE search_trigram USING fts5(
          text, conversation_id UNINDEXED, message_id UNINDEXED, kind UNINDEXED, tokenize = 'trigram'
        );
        CREATE VIRTUAL TABLE search_bigram USING fts5(
          grams, conversation_id UNINDEXED, message_id UNINDEXED, kind UNINDEXED, tokenize = 'unicode61'
        );
      `);
      const insertTri = db.prepare(
        "INSERT INTO search_trigram (text, conversation_id, message_id, kind) VALUES (?, ?, ?, ?)",
      );
      const insertBi = db.prepare(
        "INSERT INTO search_bigram (grams, conversation_id, message_id, kind) VALUES (?, ?, ?, ?)",
      );
      for (const row of db.prepare("SELECT id, title FROM conversations").iterate() as Iterable<{
        id: string;
        title: string;
      }>) {
        insertTri.run(row.title, row.id, null, "title");
        insertBi.run(cjkBigrams(row.title), row.id, null, "title");
      }
      const messages = db.prepare(
        "SELECT id, conversation_id, role, content FROM messages WHERE status != 'streaming'",
      );
      for (const row of messages.iterate() as Iterable<{
        id: string;
        conversation_id: string;
        role: string;
        content: string;
      }>) {
        insertTri.run(row.content, row.conversation_id, row.id, row.role);
        insertBi.run(cjkBigrams(row.content), row.conversation_id, row.id, row.role);
      }
    },
  },
  {
    version: 3,
    description: "how each answer ended: finish reason, reasoning cut short",
    up(db) {
      db.exec(`
        ALTER TABLE messages ADD COLUMN finish_reason TEXT;
        ALTER TABLE messages ADD COLUMN reasoning_cut TEXT;
      `);
    },
  },
  {
    version: 4,
    description: "remote engines: the engine a conversation uses, and which engine and model gave each answer",
    up(db) {
      db.exec(`
        ALTER TABLE conversations ADD COLUMN engine TEXT;
        ALTER TABLE messages ADD COLUMN engine TEXT;
        ALTER TABLE messages ADD COLUMN model TEXT;
      `);
    },
  },
  {
    version: 5,
    description: "several attempts at one answer: their agreement and each attempt (JSON)",
    up(db) {
      db.exec("ALTER TABLE messages ADD COLUMN agreement TEXT;");
    },
  },
  {
    version: 6,
    description: "search: every 1- and 2-character gram of each indexed text (short words without a scan)",
    up(db) {
      // contentless (the grams are only looked up) and without positions: a gram is in a text or not
      db.exec(`
        CREATE VIRTUAL TABLE search_short USING fts5(
          grams, content = '', contentless_delete = 1, detail = 'none', tokenize = 'ascii'
        );
        DROP TABLE search_bigram;
      `);
      const insert = db.prepare("INSERT INTO search_short (rowid, grams) VALUES (?, ?)");
      const page = db.prepare("SELECT rowid, text FROM search_trigram WHERE rowid > ? ORDER BY rowid LIMIT 1000");
      for (let after = 0; ; ) {
        const rows = page.all(after) as { rowid: number; text: string }[];
        for (const row of rows) insert.run(row.rowid, shortGrams(row.text));
        if (rows.length < 1000) break;
        after = rows.at(-1)!.rowid;
      }
    },
  },
  {
    version: 7,
    description: "a remote engine's fault stored as its code and parameters (JSON), worded in the UI's language",
    up(db) {
      db.exec("ALTER TABLE messages ADD COLUMN error_fault TEXT;");
    },
  },
];

export const LATEST_VERSION = migrations.at(-1)!.version;

export function schemaVersion(db: Database.Database): number {
  return Number((db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version);
}

/**
 * Brings the database to `target` (default: latest). `backup` is called once, before the first
 * migration that will run, with the version the database is at.
 */
export function migrate(
  db: Database.Database,
  options: { target?: number; backup?: (fromVersion: number) => void } = {},
): { from: number; to: number } {
  const from = schemaVersion(db);
  const target = options.target ?? LATEST_VERSION;
  const pending = migrations.filter((m) => m.version > from && m.version <= target);
  if (pending.length > 0 && from > 0) options.backup?.(from);
  for (const migration of pending) {
    db.exec("BEGIN IMMEDIATE");
    try {
      migration.up(db);
      db.exec(`PRAGMA user_version = ${migration.version}`);
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw new Error(`Migration ${migration.version} (${migration.description}) failed: ${(error as Error).message}`);
    }
  }
  return { from, to: schemaVersion(db) };
}
