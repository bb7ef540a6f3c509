/**
 * The conversation history: conversations and their messages, streaming saves, durable commits. Plain Node over
 * libsql (synchronous, like better-sqlite3); see docs/history.md for durability. Beside it, one job a file: rows and
 * their mapping (history-rows.ts), branches (branches.ts), the search index (search-index.ts, history-search.ts),
 * import (history-worker.ts, import-writer.ts) and export (export-import.ts).
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import type Database from "libsql";
import { InkstoneError } from "../../shared/contract-kit.js";
import type { EngineHistoryItem, GenerationMetrics, ReasoningCut } from "../../shared/engine-schemas.js";
import type {
  Conversation,
  ConversationSettings,
  Message,
  MessageAgreement,
  MessageFinishReason,
  MessageStatus,
  SearchHit,
  StoredFault,
  Thread,
} from "../../shared/history-schemas.js";
import type { EngineChoice } from "../../shared/remote-engine-schemas.js";
import { newestLeafThrough, threadOf, turnsUpTo } from "./branches.js";
import { openHistoryDatabase } from "./database.js";
import { type ConversationRow, type MessageRow, titleFromQuestion, toConversation, toMessage } from "./history-rows.js";
import { prepareStatements } from "./history-statements.js";
import { HistoryWorker } from "./history-worker-client.js";
import { recentSpeed } from "./model-speed.js";
import { SearchIndex } from "./search-index.js";

export const PURGE_AFTER_MS = 7 * 24 * 3600 * 1000;

export interface HistoryStoreOptions {
  now?: () => number;
}

export class HistoryStore {
  readonly notice: string | null;
  readonly migratedFrom: number;
  private readonly now: () => number;
  private readonly db: Database.Database;
  private readonly statements;
  private readonly searchIndex: SearchIndex;
  /** Durability (WAL fsync, checkpoints) and imports, off the main thread. */
  readonly worker: HistoryWorker;

  private constructor(file: string, options: HistoryStoreOptions) {
    const opened = openHistoryDatabase(file);
    this.worker = new HistoryWorker(file);
    this.db = opened.db;
    this.notice = opened.notice;
    this.migratedFrom = opened.migratedFrom;
    this.now = options.now ?? Date.now;
    const db = this.db;
    this.searchIndex = new SearchIndex(db);
    this.statements = prepareStatements(db);
    this.db.prepare("UPDATE messages SET status = 'interrupted' WHERE status = 'streaming'").run();
    this.purgeDeleted();
  }

  static open(dataDir: string, options: HistoryStoreOptions = {}): HistoryStore {
    return new HistoryStore(path.join(dataDir, "history.db"), options);
  }

  static openFile(file: string, options: HistoryStoreOptions = {}): HistoryStore {
    return new HistoryStore(file, options);
  }

  /**
   * Resolves when every commit made so far is on the disk. Commits themselves return as soon as
   * SQLite has written the WAL (synchronous = NORMAL); the fsync runs in the history worker, so the
   * main thread never waits for the disk. Whatever the UI shows as saved has been through this.
   */
  durable(): Promise<void> {
    return this.worker.durable();
  }

  /** Imports an export file's text as new conversations, in the history worker; returns their ids. */
  importJson(json: string): Promise<string[]> {
    return this.worker.importJson(json);
  }

  /** Imports an export file from disk (an upload), read by the history worker; returns the new ids. */
  importFile(file: string): Promise<string[]> {
    return this.worker.importFile(file);
  }

  /** Checkpoints the WAL into the database file, then closes. */
  close(): void {
    this.worker.close();
    try {
      this.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch {
      // closing anyway: the WAL is replayed at the next open
    }
    this.db.close();
  }

  private transaction<T>(run: () => T): T {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = run();
      this.db.exec("COMMIT");
      return result;
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  // ---- conversations

  createConversation(
    input: { title?: string; modelVariant?: string | null; settings?: ConversationSettings } = {},
  ): Conversation {
    const id = randomUUID();
    const now = this.now();
    this.transaction(() => {
      this.statements.insertConversation.run(
        id,
        input.title ?? "",
        now,
        now,
        input.modelVariant ?? null,
        JSON.stringify(input.settings ?? {}),
      );
      this.searchIndex.add(id, null, "title", input.title ?? "");
    });
    return this.getConversation(id)!;
  }

  getConversation(id: string): Conversation | null {
    const row = this.statements.getConversation.get(id) as ConversationRow | undefined;
    return row ? toConversation(row) : null;
  }

  requireConversation(id: string): Conversation {
    const conversation = this.getConversation(id);
    if (!conversation || conversation.deletedAt !== null)
      throw new InkstoneError("not_found", { en: `Conversation not found: ${id}`, zh: `找不到对话：${id}` });
    return conversation;
  }

  /** Newest first, pinned on top; `before` pages by (pinned, updatedAt, id) of the last row seen. */
  listConversations(
    options: { limit?: number; before?: { pinned: boolean; updatedAt: number; id: string } } = {},
  ): Conversation[] {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
    const b = options.before;
    const rows = b
      ? this.db
          .prepare(
            `SELECT * FROM conversations WHERE deleted_at IS NULL
             AND (pinned < ? OR (pinned = ? AND (updated_at < ? OR (updated_at = ? AND id < ?))))
             ORDER BY pinned DESC, updated_at DESC, id DESC LIMIT ?`,
          )
          .all(b.pinned ? 1 : 0, b.pinned ? 1 : 0, b.updatedAt, b.updatedAt, b.id, limit)
      : this.db
          .prepare(
            "SELECT * FROM conversations WHERE deleted_at IS NULL ORDER BY pinned DESC, updated_at DESC, id DESC LIMIT ?",
          )
          .all(limit);
    return (rows as ConversationRow[]).map(toConversation);
  }

  renameConversation(id: string, title: string): Conversation {
    this.transaction(() => {
      this.db.prepare("UPDATE conversations SET title = ? WHERE id = ?").run(title, id);
      this.searchIndex.remove(id, null, "title");
      this.searchIndex.add(id, null, "title", title);
    });
    return this.requireConversation(id);
  }

  setPinned(id: string, pinned: boolean): Conversation {
    this.db.prepare("UPDATE conversations SET pinned = ? WHERE id = ?").run(pinned ? 1 : 0, id);
    return this.requireConversation(id);
  }

  updateSettings(id: string, settings: ConversationSettings): Conversation {
    this.db.prepare("UPDATE conversations SET settings = ? WHERE id = ?").run(JSON.stringify(settings), id);
    return this.requireConversation(id);
  }

  /** The engine that answers the conversation from now on (null: the local model). */
  setEngine(id: string, engine: EngineChoice): void {
    this.db.prepare("UPDATE conversations SET engine = ? WHERE id = ?").run(engine ? JSON.stringify(engine) : null, id);
  }

  setModelVariant(id: string, modelVariant: string | null): void {
    this.db.prepare("UPDATE conversations SET model_variant = ? WHERE id = ?").run(modelVariant, id);
  }

  /** Soft delete: hidden at once, restorable until purged. */
  deleteConversation(id: string): void {
    this.db.prepare("UPDATE conversations SET deleted_at = ? WHERE id = ?").run(this.now(), id);
  }

  restoreConversation(id: string): Conversation {
    this.db.prepare("UPDATE conversations SET deleted_at = NULL WHERE id = ?").run(id);
    return this.requireConversation(id);
  }

  /** Removes conversations deleted longer ago than `olderThanMs`. */
  purgeDeleted(olderThanMs = PURGE_AFTER_MS): number {
    const cutoff = this.now() - olderThanMs;
    return this.transaction(() => {
      const ids = (
        this.db
          .prepare("SELECT id FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at <= ?")
          .all(cutoff) as { id: string }[]
      ).map((r) => r.id);
      for (const id of ids) {
        this.searchIndex.removeConversation(id);
        this.db.prepare("DELETE FROM messages WHERE conversation_id = ?").run(id);
        this.db.prepare("DELETE FROM conversations WHERE id = ?").run(id);
      }
      return ids.length;
    });
  }

  // ---- messages

  addMessage(input: {
    conversationId: string;
    parentId: string | null;
    role: "user" | "assistant";
    content?: string;
    reasoning?: string;
    status?: MessageStatus;
    attachments?: Message["attachments"];
    /** For an answer: who gives it ("local" or a remote engine's host) and with which model. */
    engine?: string | null;
    model?: string | null;
  }): Message {
    const conversation = this.requireConversation(input.conversationId);
    if (input.parentId) {
      const parent = this.getMessage(input.parentId);
      if (!parent || parent.conversationId !== input.conversationId)
        throw new InkstoneError("not_found", {
          en: "Parent message is not in this conversation.",
          zh: "上一条消息不在此对话中。",
        });
    }
    const id = randomUUID();
    const now = Math.max(this.now(), conversation.updatedAt);
    const status = input.status ?? (input.role === "user" ? "complete" : "streaming");
    this.transaction(() => {
      this.statements.insertMessage.run({
        id,
        conversation_id: input.conversationId,
        parent_id: input.parentId,
        role: input.role,
        content: input.content ?? "",
        reasoning: input.reasoning ?? "",
        status,
        error: null,
        metrics: null,
        finish_reason: null,
        reasoning_cut: null,
        engine: input.engine ?? null,
        model: input.model ?? null,
        attachments: JSON.stringify(input.attachments ?? []),
        created_at: now,
        updated_at: now,
      });
      this.statements.touchConversation.run(now, id, input.conversationId);
      if (status !== "streaming") this.searchIndex.add(input.conversationId, id, input.role, input.content ?? "");
      if (input.role === "user" && !conversation.title) {
        const title = titleFromQuestion(input.content ?? "");
        this.db.prepare("UPDATE conversations SET title = ? WHERE id = ?").run(title, input.conversationId);
        this.searchIndex.add(input.conversationId, null, "title", title);
      }
    });
    return this.getMessage(id)!;
  }

  getMessage(id: string): Message | null {
    const row = this.statements.getMessage.get(id) as MessageRow | undefined;
    return row ? toMessage(row) : null;
  }

  /**
   * Saves streamed text of a message in progress: committed to the WAL, safe against a crash or
   * kill of the app, which is what streaming saves are for (no fsync is asked for).
   */
  appendToMessage(id: string, delta: { content?: string; reasoning?: string }): void {
    this.statements.appendChunk.run(delta.content ?? "", delta.reasoning ?? "", this.now(), id);
  }

  /** Final state of a message, committed and indexed for search; `durable()` then puts it on the disk. */
  finishMessage(
    id: string,
    final: {
      content: string;
      reasoning: string;
      status: Exclude<MessageStatus, "streaming">;
      error?: string | null;
      metrics?: GenerationMetrics | null;
      finishReason?: MessageFinishReason | null;
      reasoningCut?: ReasoningCut | null;
      agreement?: MessageAgreement | null;
      errorFault?: StoredFault | null;
    },
  ): Message {
    const message = this.getMessage(id);
    if (!message) throw new InkstoneError("not_found", { en: `Message not found: ${id}`, zh: `找不到消息：${id}` });
    this.transaction(() => {
      this.statements.finishMessage.run(
        final.content,
        final.reasoning,
        final.status,
        final.error ?? null,
        final.metrics ? JSON.stringify(final.metrics) : null,
        final.finishReason ?? null,
        final.reasoningCut ?? null,
        final.agreement ? JSON.stringify(final.agreement) : null,
        final.errorFault ? JSON.stringify(final.errorFault) : null,
        this.now(),
        id,
      );
      this.searchIndex.remove(message.conversationId, id);
      this.searchIndex.add(message.conversationId, id, message.role, final.content);
      this.db
        .prepare("UPDATE conversations SET updated_at = MAX(updated_at, ?) WHERE id = ?")
        .run(this.now(), message.conversationId);
    });
    return this.getMessage(id)!;
  }

  /** An answer that stopped thinking streams again (answering now from its reasoning). */
  reopenMessage(id: string): Message {
    this.db
      .prepare("UPDATE messages SET status = 'streaming', finish_reason = NULL, updated_at = ? WHERE id = ?")
      .run(this.now(), id);
    return this.getMessage(id)!;
  }

  // ---- branches (branches.ts)

  /** The children of a message (or the roots), oldest first. */
  childrenOf(conversationId: string, parentId: string | null): Message[] {
    return (this.statements.children.all(parentId, conversationId) as MessageRow[]).map(toMessage);
  }

  /** The path root → leaf, each message with its siblings for ‹ n/m › navigation. */
  getThread(conversationId: string): Thread {
    return threadOf(this, conversationId);
  }

  /** Shows the branch through `messageId`, down to its newest leaf. */
  selectBranch(conversationId: string, messageId: string): Thread {
    const leaf = newestLeafThrough(this, conversationId, messageId);
    this.db.prepare("UPDATE conversations SET active_leaf_id = ? WHERE id = ?").run(leaf.id, conversationId);
    return this.getThread(conversationId);
  }

  /** The turns from the root to `messageId` (inclusive), as the engine takes them. */
  historyUpTo(messageId: string): EngineHistoryItem[] {
    return turnsUpTo(this, messageId);
  }

  /** Median tokens a second of a model's last ten complete answers (Evaluate's time estimate); null: none yet. */
  recentSpeed(modelVariant: string): number | null {
    return recentSpeed(this.db, modelVariant);
  }

  // ---- search

  /** Newest matches first; every message holding all the words is found (history-search.ts). */
  search(query: string, options: { limit?: number } = {}): SearchHit[] {
    return this.searchIndex.search(query, Math.min(options.limit ?? 30, 200));
  }

  // ---- export support

  allMessages(conversationId: string): Message[] {
    return (
      this.db
        .prepare("SELECT * FROM messages WHERE conversation_id = ? ORDER BY created_at, rowid")
        .all(conversationId) as MessageRow[]
    ).map(toMessage);
  }

  listAllConversationIds(): string[] {
    return (
      this.db.prepare("SELECT id FROM conversations WHERE deleted_at IS NULL ORDER BY created_at").all() as {
        id: string;
      }[]
    ).map((r) => r.id);
  }
}
