/**
 * Writes an export file into the history as new conversations (fresh ids; never overwrites). It
 * runs in the history worker on its own connection, in short transactions (at most ~20 ms each,
 * with a pause between) so the main process's own writes never wait long for the lock. A
 * conversation stays hidden (deleted_at = 0) until its last message is in: an import cut off by a
 * crash leaves nothing visible, and the next start purges it.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type Database from "libsql";
import { summarizeZodError } from "../../shared/contract-kit.js";
import { type ExportFile, exportFileSchema } from "../../shared/history-schemas.js";
import { parentsFirst } from "./import-order.js";
import { indexStatements, removeConversationEntries } from "./search-index.js";

const BATCH_MS = 20;
const PAUSE_MS = 20;

/** Parses and validates an export file's text; the messages say what is wrong. */
export function parseExport(json: string): ExportFile {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("The file is not valid JSON.");
  }
  const parsed = exportFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `This is not an Inkstone history export (or its version is unknown): ${summarizeZodError(parsed.error)}`,
    );
  }
  return parsed.data;
}

export async function writeImport(db: Database.Database, file: ExportFile): Promise<string[]> {
  const ordered = file.conversations.map((c) => parentsFirst(c.messages)); // every cycle found before a write
  const insertConversation = db.prepare(
    "INSERT INTO conversations (id, title, created_at, updated_at, pinned, model_variant, settings, active_leaf_id, engine, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
  );
  const insertMessage = db.prepare(
    `INSERT INTO messages (id, conversation_id, parent_id, role, content, reasoning, status, error, metrics, finish_reason, reasoning_cut, engine, model, agreement, error_fault, attachments, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const index = indexStatements(db);
  const created: string[] = [];
  try {
    for (const [n, conversation] of file.conversations.entries()) {
      const id = randomUUID();
      const ids = new Map(conversation.messages.map((m) => [m.id, randomUUID()]));
      const leaf = conversation.activeLeafId ? (ids.get(conversation.activeLeafId) ?? null) : null;
      db.exec("BEGIN IMMEDIATE");
      insertConversation.run(
        id,
        conversation.title,
        conversation.createdAt,
        conversation.updatedAt,
        conversation.pinned ? 1 : 0,
        conversation.modelVariant,
        JSON.stringify(conversation.settings),
        leaf,
        conversation.engine ? JSON.stringify(conversation.engine) : null,
      );
      created.push(id);
      index(id, null, "title", conversation.title);
      let batchStart = performance.now();
      for (const m of ordered[n]!) {
        if (performance.now() - batchStart > BATCH_MS) {
          db.exec("COMMIT");
          await sleep(PAUSE_MS); // the main process's writes get the lock here
          db.exec("BEGIN IMMEDIATE");
          batchStart = performance.now();
        }
        const messageId = ids.get(m.id)!;
        insertMessage.run(
          messageId,
          id,
          m.parentId ? (ids.get(m.parentId) ?? null) : null,
          m.role,
          m.content,
          m.reasoning,
          m.status === "streaming" ? "interrupted" : m.status,
          m.error,
          m.metrics ? JSON.stringify(m.metrics) : null,
          m.finishReason ?? null,
          m.reasoningCut ?? null,
          m.engine ?? null,
          m.model ?? null,
          m.agreement ? JSON.stringify(m.agreement) : null,
          m.errorFault ? JSON.stringify(m.errorFault) : null,
          JSON.stringify(m.attachments),
          m.createdAt,
          m.updatedAt,
        );
        index(id, messageId, m.role, m.content);
      }
      db.exec("COMMIT");
    }
    // all in: shown together
    db.exec("BEGIN IMMEDIATE");
    const reveal = db.prepare("UPDATE conversations SET deleted_at = NULL WHERE id = ?");
    for (const id of created) reveal.run(id);
    db.exec("COMMIT");
    return created;
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    // nothing half-imported stays: what was written is removed (it was never shown)
    db.exec("BEGIN IMMEDIATE");
    for (const id of created) {
      removeConversationEntries(db, id);
      db.prepare("DELETE FROM messages WHERE conversation_id = ?").run(id);
      db.prepare("DELETE FROM conversations WHERE id = ?").run(id);
    }
    db.exec("COMMIT");
    throw error;
  }
}
