/**
 * Branches: a conversation's messages form a tree (regenerate and edit add siblings); the thread shown is the path
 * from the root to the active leaf. Pure walks over whatever store gives messages and children.
 */
import { InkstoneError } from "../../shared/contract-kit.js";
import type { EngineHistoryItem } from "../../shared/engine-schemas.js";
import type { Conversation, Message, Thread, ThreadMessage } from "../../shared/history-schemas.js";

export interface MessageTree {
  requireConversation(id: string): Conversation;
  getMessage(id: string): Message | null;
  /** The children of a message (the roots for null), oldest first. */
  childrenOf(conversationId: string, parentId: string | null): Message[];
}

/** The path root → active leaf, each message with its siblings for ‹ n/m › navigation. */
export function threadOf(tree: MessageTree, conversationId: string): Thread {
  const conversation = tree.requireConversation(conversationId);
  const path: Message[] = [];
  let cursor = conversation.activeLeafId ? tree.getMessage(conversation.activeLeafId) : null;
  while (cursor) {
    path.unshift(cursor);
    cursor = cursor.parentId ? tree.getMessage(cursor.parentId) : null;
  }
  const messages: ThreadMessage[] = path.map((message) => {
    const siblings = tree.childrenOf(conversationId, message.parentId).filter((m) => m.role === message.role);
    return {
      ...message,
      siblingIds: siblings.map((s) => s.id),
      siblingIndex: siblings.findIndex((s) => s.id === message.id),
      siblingCount: siblings.length,
    };
  });
  return { conversation, messages };
}

/** The newest leaf below `messageId` (itself when it has no children): what selecting that branch shows. */
export function newestLeafThrough(tree: MessageTree, conversationId: string, messageId: string): Message {
  let leaf = tree.getMessage(messageId);
  if (!leaf || leaf.conversationId !== conversationId)
    throw new InkstoneError("not_found", { en: "Message is not in this conversation.", zh: "这条消息不在此对话中。" });
  for (;;) {
    const children = tree.childrenOf(conversationId, leaf.id);
    if (children.length === 0) return leaf;
    leaf = children.at(-1)!;
  }
}

/** The turns from the root to `messageId` (inclusive), as the engine takes them; failed answers left out. */
export function turnsUpTo(tree: MessageTree, messageId: string): EngineHistoryItem[] {
  const turns: EngineHistoryItem[] = [];
  let cursor = tree.getMessage(messageId);
  while (cursor) {
    if (cursor.role === "user" || cursor.status !== "error") {
      turns.unshift(
        cursor.role === "user"
          ? { role: "user", text: cursor.content }
          : { role: "assistant", text: cursor.content, reasoning: cursor.reasoning },
      );
    }
    cursor = cursor.parentId ? tree.getMessage(cursor.parentId) : null;
  }
  return turns;
}
