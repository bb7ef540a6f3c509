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
