/** The history store's statements, prepared once per connection (the hot paths: streaming saves, thread reads). */
import type Database from "libsql";

export function prepareStatements(db: Database.Database) {
  return {
    getConversation: db.prepare("SELECT * FROM conversations WHERE id = ?"),
    getMessage: db.prepare("SELECT * FROM messages WHERE id = ?"),
    insertConversation: db.prepare(
      "INSERT INTO conversations (id, title, created_at, updated_at, pinned, model_variant, settings) VALUES (?, ?, ?, ?, 0, ?, ?)",
    ),
    insertMessage: db.prepare(
      `INSERT INTO messages (id, conversation_id, parent_id, role, content, reasoning, status, error, metrics, finish_reason, reasoning_cut, engine, model, attachments, created_at, updated_at)
       VALUES (@id, @conversation_id, @parent_id, @role, @content, @reasoning, @status, @error, @metrics, @finish_reason, @reasoning_cut, @engine, @model, @attachments, @created_at, @updated_at)`,
    ),
    touchConversation: db.prepare("UPDATE conversations SET updated_at = ?, active_leaf_id = ? WHERE id = ?"),
    appendChunk: db.prepare(
      "UPDATE messages SET content = content || ?, reasoning = reasoning || ?, updated_at = ? WHERE id = ? AND status = 'streaming'",
    ),
    finishMessage: db.prepare(
      "UPDATE messages SET content = ?, reasoning = ?, status = ?, error = ?, metrics = ?, finish_reason = ?, reasoning_cut = ?, agreement = ?, error_fault = ?, updated_at = ? WHERE id = ?",
    ),
    children: db.prepare(
      "SELECT * FROM messages WHERE parent_id IS ? AND conversation_id = ? ORDER BY created_at, rowid",
    ),
  };
}
