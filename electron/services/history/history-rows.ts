/** The history database's rows and how each becomes the contract's shape (JSON columns parsed here, once). */
import type { ReasoningCut } from "../../shared/engine-schemas.js";
import type { Conversation, Message, MessageFinishReason, MessageStatus } from "../../shared/history-schemas.js";

export interface ConversationRow {
  id: string;
  title: string;
  created_at: number;
  updated_at: number;
  pinned: number;
  model_variant: string | null;
  settings: string;
  deleted_at: number | null;
  active_leaf_id: string | null;
  /** The remote engine chosen (JSON), null for the local model (schema v4). */
  engine: string | null;
}
export interface MessageRow {
  id: string;
  conversation_id: string;
  parent_id: string | null;
  role: "user" | "assistant";
  content: string;
  reasoning: string;
  status: MessageStatus;
  error: string | null;
  metrics: string | null;
  finish_reason: MessageFinishReason | null;
  reasoning_cut: ReasoningCut | null;
  /** "local" or the remote engine's host, and the model that answered (schema v4). */
  engine: string | null;
  model: string | null;
  /** JSON (migration v5); null for single answers. */
  agreement?: string | null;
  /** JSON {reason, params} (migration v7); null for any other error and for older rows. */
  error_fault?: string | null;
  attachments: string;
  created_at: number;
  updated_at: number;
}

export const toConversation = (r: ConversationRow): Conversation => ({
  id: r.id,
  title: r.title,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  pinned: r.pinned === 1,
  modelVariant: r.model_variant,
  settings: JSON.parse(r.settings),
  deletedAt: r.deleted_at,
  activeLeafId: r.active_leaf_id,
  engine: r.engine ? JSON.parse(r.engine) : null,
});
export const toMessage = (r: MessageRow): Message => ({
  id: r.id,
  conversationId: r.conversation_id,
  parentId: r.parent_id,
  role: r.role,
  content: r.content,
  reasoning: r.reasoning,
  status: r.status,
  error: r.error,
  errorFault: r.error_fault ? JSON.parse(r.error_fault) : null,
  metrics: r.metrics ? JSON.parse(r.metrics) : null,
  finishReason: r.finish_reason ?? null,
  reasoningCut: r.reasoning_cut ?? null,
  agreement: r.agreement ? JSON.parse(r.agreement) : null,
  attachments: JSON.parse(r.attachments),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  engine: r.engine ?? null,
  model: r.model ?? null,
});

/** The title made from a first question: its first line, at most 60 characters. */
export function titleFromQuestion(text: string): string {
  const line = text.trim().split(/\r?\n/)[0]?.trim() ?? "";
  const chars = [...line];
  return chars.length > 60 ? `${chars.slice(0, 59).join("")}…` : line;
}
