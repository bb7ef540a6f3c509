/** History export (versioned JSON and Markdown). Import runs in the history worker: see import-writer. */

import { EXPORT_FORMAT, EXPORT_VERSION, type ExportFile, type Message } from "../../shared/history-schemas.js";
import type { HistoryStore } from "./history-store.js";

export function exportJson(store: HistoryStore, conversationIds: readonly string[], now = Date.now()): ExportFile {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now,
    conversations: conversationIds.map((id) => {
      const { deletedAt: _deleted, ...conversation } = store.requireConversation(id);
      const messages = store.allMessages(id).map(({ conversationId: _c, ...m }) => m);
      return { ...conversation, messages };
    }),
  };
}

function messageMarkdown(message: Message): string {
  const heading = message.role === "user" ? "## You" : "## Inkstone";
  const parts = [heading];
  if (message.reasoning.trim()) {
    parts.push(`<details><summary>Reasoning</summary>\n\n${message.reasoning.trim()}\n\n</details>`);
  }
  parts.push(message.content.trim());
  if (message.status !== "complete") parts.push(`_(${message.status}${message.error ? `: ${message.error}` : ""})_`);
  return parts.join("\n\n");
}

/** The shown branch of each conversation, as a readable Markdown document. */
export function exportMarkdown(store: HistoryStore, conversationIds: readonly string[]): string {
  return conversationIds
    .map((id) => {
      const thread = store.getThread(id);
      const date = new Date(thread.conversation.createdAt).toISOString().slice(0, 16).replace("T", " ");
      return [
        `# ${thread.conversation.title || "Untitled"}`,
        `_${date}_`,
        ...thread.messages.map(messageMarkdown),
      ].join("\n\n");
    })
    .join("\n\n---\n\n");
}

/** A file name from a title: letters (any script), digits and dashes, at most 60 characters. */
export function fileStem(title: string): string {
  const stem = title
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  const chars = [...stem];
  if (chars.length <= 60) return stem || "conversation";
  const cut = chars.slice(0, 61).join("");
  // a long title ends at its last whole word (a title with no dashes, Chinese say, just at 60 characters)
  const lastDash = cut.lastIndexOf("-");
  return lastDash > 20 ? cut.slice(0, lastDash) : chars.slice(0, 60).join("");
}

/**
 * The file a user saves: the whole history (`conversationIds` null) as `inkstone-history-<date>`, or one
 * conversation as `<its title>-<date>`. Markdown keeps answers as written, LaTeX included.
 */
export function exportFile(
  store: HistoryStore,
  conversationIds: readonly string[] | null,
  format: "json" | "markdown",
  now = Date.now(),
): { filename: string; content: string } {
  const ids = conversationIds ?? store.listAllConversationIds();
  const stamp = new Date(now).toISOString().slice(0, 10);
  const single = conversationIds?.length === 1 ? store.requireConversation(conversationIds[0]!) : null;
  const stem = single ? `${fileStem(single.title)}-${stamp}` : `inkstone-history-${stamp}`;
  return format === "json"
    ? { filename: `${stem}.json`, content: JSON.stringify(exportJson(store, ids, now), null, 2) }
    : { filename: `${stem}.md`, content: exportMarkdown(store, ids) };
}
