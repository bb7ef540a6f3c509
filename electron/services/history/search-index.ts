/**
 * The history's search index: every title and finished message in two FTS5 tables (trigrams for words of 3+
 * characters; the distinct 1- and 2-character grams for shorter words, under the same rowid), kept in step with the
 * messages inside the same transactions.
 */
import type Database from "libsql";
import type { SearchHit } from "../../shared/history-schemas.js";
import { searchHistory } from "./history-search.js";
import { shortGrams } from "./search-text.js";

/** Adds one text to both tables; import-writer.ts and the benchmark's seeding share it. */
export function indexStatements(db: Database.Database) {
  const trigram = db.prepare(
    "INSERT INTO search_trigram (text, conversation_id, message_id, kind) VALUES (?, ?, ?, ?)",
  );
  const short = db.prepare("INSERT INTO search_short (rowid, grams) VALUES (?, ?)");
  return (conversationId: string, messageId: string | null, kind: string, text: string) => {
    if (!text) return;
    const { lastInsertRowid } = trigram.run(text, conversationId, messageId, kind);
    short.run(lastInsertRowid, shortGrams(text));
  };
}

export class SearchIndex {
  private readonly insert;

  constructor(private readonly db: Database.Database) {
    this.insert = indexStatements(db);
  }

  /** Indexes a title (messageId null) or a message's text. */
  add(conversationId: string, messageId: string | null, kind: string, text: string): void {
    this.insert(conversationId, messageId, kind, text);
  }

  /** Drops a message's entries, or a conversation's title (messageId null). */
  remove(conversationId: string, messageId: string | null, kind?: string): void {
    if (messageId === null) {
      removeWhere(this.db, "conversation_id = ? AND kind = ?", conversationId, kind ?? "title");
    } else removeWhere(this.db, "message_id = ?", messageId);
  }

  /** Drops everything of a conversation (it is being purged). */
  removeConversation(conversationId: string): void {
    removeConversationEntries(this.db, conversationId);
  }

  /** Newest matches first; every message holding all the words is found (history-search.ts). */
  search(query: string, limit: number): SearchHit[] {
    return searchHistory(this.db, query, limit);
  }
}

function removeWhere(db: Database.Database, where: string, ...args: string[]): void {
  // the short grams first: their rowids are found through the trigram rows
  db.prepare(`DELETE FROM search_short WHERE rowid IN (SELECT rowid FROM search_trigram WHERE ${where})`).run(...args);
  db.prepare(`DELETE FROM search_trigram WHERE ${where}`).run(...args);
}

export function removeConversationEntries(db: Database.Database, conversationId: string): void {
  removeWhere(db, "conversation_id = ?", conversationId);
}
