/**
 * The history's search index: every title and finished message in two FTS5 tables (trigrams for words, CJK bigrams
 * for two-character Chinese words), kept in step with the messages inside the same transactions.
 */
import type Database from "libsql";
import type { SearchHit } from "../../shared/history-schemas.js";
import { searchHistory } from "./history-search.js";
import { cjkBigrams } from "./search-text.js";

const TABLES = ["search_trigram", "search_bigram"] as const;

export class SearchIndex {
  private readonly insertTrigram;
  private readonly insertBigram;

  constructor(private readonly db: Database.Database) {
    this.insertTrigram = db.prepare(
      "INSERT INTO search_trigram (text, conversation_id, message_id, kind) VALUES (?, ?, ?, ?)",
    );
    this.insertBigram = db.prepare(
      "INSERT INTO search_bigram (grams, conversation_id, message_id, kind) VALUES (?, ?, ?, ?)",
    );
  }

  /** Indexes a title (messageId null) or a message's text. */
  add(conversationId: string, messageId: string | null, kind: string, text: string): void {
    if (!text) return;
    this.insertTrigram.run(text, conversationId, messageId, kind);
    const grams = cjkBigrams(text);
    if (grams) this.insertBigram.run(grams, conversationId, messageId, kind);
  }

  /** Drops a message's entries, or a conversation's title (messageId null). */
  remove(conversationId: string, messageId: string | null, kind?: string): void {
    for (const table of TABLES) {
      if (messageId === null) {
        this.db
          .prepare(`DELETE FROM ${table} WHERE conversation_id = ? AND kind = ?`)
          .run(conversationId, kind ?? "title");
      } else this.db.prepare(`DELETE FROM ${table} WHERE message_id = ?`).run(messageId);
    }
  }

  /** Drops everything of a conversation (it is being purged). */
  removeConversation(conversationId: string): void {
    for (const table of TABLES) this.db.prepare(`DELETE FROM ${table} WHERE conversation_id = ?`).run(conversationId);
  }

  /** Newest matches first; every message holding all the words is found (history-search.ts). */
  search(query: string, limit: number): SearchHit[] {
    return searchHistory(this.db, query, limit);
  }
}
