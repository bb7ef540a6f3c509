/** How fast a model has been answering in the chat: its latest complete answers' measured speeds. */
import type Database from "libsql";

/** The median tokens a second of the last ten complete answers by `modelVariant`; null when it has answered none. */
export function recentSpeed(db: Database.Database, modelVariant: string): number | null {
  const rows = db
    .prepare(
      `SELECT m.metrics FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE c.model_variant = ? AND m.role = 'assistant' AND m.status = 'complete' AND m.metrics IS NOT NULL
       ORDER BY m.updated_at DESC LIMIT 10`,
    )
    .all(modelVariant) as { metrics: string }[];
  const speeds = rows
    .map((r) => (JSON.parse(r.metrics) as { tokensPerSecond?: number | null }).tokensPerSecond ?? 0)
    .filter((tps) => tps > 0)
    .sort((a, b) => a - b);
  return speeds.length ? speeds[Math.floor(speeds.length / 2)]! : null;
}
