/** Conversation and message shapes shared by the history store, the contract and the renderer. */
import { z } from "zod";
import { collectionUsageSchema } from "./collection-schemas.js";
import {
  attemptCountSchema,
  finishReasonSchema,
  metricsSchema,
  reasoningCutSchema,
  settingsFields,
} from "./engine-schemas.js";
import { homeworkModeSchema } from "./homework-modes.js";
import { engineChoiceSchema } from "./remote-engine-schemas.js";

/** A fault as stored with the answer it ended: a code of remote-faults.ts and its parameters. */
export const storedFaultSchema = z.object({
  reason: z.string().max(40),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type StoredFault = z.infer<typeof storedFaultSchema>;

export const messageStatusSchema = z.enum(["streaming", "complete", "stopped", "error", "interrupted"]);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

/** How an answer ended, as stored: the engine's reasons, plus `error`. */
export const messageFinishReasonSchema = z.union([finishReasonSchema, z.literal("error")]);
export type MessageFinishReason = z.infer<typeof messageFinishReasonSchema>;

/** One of several attempts at an answer ("Check with N attempts"), kept with the message. */
export const storedAttemptSchema = z.object({
  answer: z.string(),
  reasoning: z.string(),
  finishReason: finishReasonSchema,
  /** Its final answer as the answer reader reads it; null when it has none. */
  final: z.string().nullable(),
  metrics: metricsSchema,
});
export type StoredAttempt = z.infer<typeof storedAttemptSchema>;

/** The agreement of an answer's attempts: the majority's answer and size; the message shows attempt `chosen`. */
export const messageAgreementSchema = z.object({
  final: z.string().nullable(),
  size: z.number().int().min(0),
  of: z.number().int().min(1).max(16),
  chosen: z.number().int().min(0),
  attempts: z.array(storedAttemptSchema).max(16),
});
export type MessageAgreement = z.infer<typeof messageAgreementSchema>;

export const attachmentRefSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  pagesUsed: z.array(z.number().int()).optional(),
  /** For a collection (kind "collection"): what was searched and which passages went in. */
  collection: collectionUsageSchema.optional(),
});
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

export const conversationSettingsSchema = z
  // attempts: Math mode's "Check with N attempts" (absent: one answer)
  .object({ ...settingsFields, mode: homeworkModeSchema, attempts: attemptCountSchema })
  .partial()
  .strict();
export type ConversationSettings = z.infer<typeof conversationSettingsSchema>;

export const conversationSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  pinned: z.boolean(),
  modelVariant: z.string().nullable(),
  settings: conversationSettingsSchema,
  deletedAt: z.number().nullable(),
  activeLeafId: z.string().nullable(),
  /** The engine that answers it: null for the local model, else a remote engine's server and model. */
  engine: engineChoiceSchema.default(null),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const messageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  parentId: z.string().nullable(),
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  reasoning: z.string(),
  status: messageStatusSchema,
  error: z.string().nullable(),
  /** A remote engine's fault as its code and parameters, so the error line is worded in the UI's language. */
  errorFault: storedFaultSchema.nullable().default(null),
  metrics: metricsSchema.nullable(),
  /** Null for questions, answers still streaming, and answers stored before finish reasons were. */
  finishReason: messageFinishReasonSchema.nullable().default(null),
  /** Set when the reasoning was closed early ("answer now" or the thinking budget). */
  reasoningCut: reasoningCutSchema.nullable().default(null),
  /** For an answer checked with several attempts: each attempt and how many agree (null otherwise). */
  agreement: messageAgreementSchema.nullable().default(null),
  attachments: z.array(attachmentRefSchema),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Who answered: "local", or the remote engine's host (null for questions and older answers). */
  engine: z.string().nullable().default(null),
  /** The model that answered, as its engine names it. */
  model: z.string().nullable().default(null),
});
export type Message = z.infer<typeof messageSchema>;

/** A message on the shown branch, with where it sits among its siblings (‹ 2/3 ›). */
export const threadMessageSchema = messageSchema.extend({
  siblingIndex: z.number().int(),
  siblingCount: z.number().int(),
  siblingIds: z.array(z.string()),
});
export type ThreadMessage = z.infer<typeof threadMessageSchema>;

export const threadSchema = z.object({ conversation: conversationSchema, messages: z.array(threadMessageSchema) });
export type Thread = z.infer<typeof threadSchema>;

/** One conversation found by a search (one hit per conversation). */
export const searchHitSchema = z.object({
  conversationId: z.string(),
  messageId: z.string().nullable(),
  title: z.string(),
  role: z.enum(["user", "assistant", "title"]),
  /** Plain text around the best match (no Markdown or LaTeX markup), cut at word boundaries. */
  snippet: z.object({ before: z.string(), match: z.string(), after: z.string() }),
  /** How many of the conversation's messages (and its title) hold every word of the query. */
  matches: z.number().int(),
  updatedAt: z.number(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const EXPORT_FORMAT = "inkstone-history";
export const EXPORT_VERSION = 1;

export const exportedMessageSchema = messageSchema.omit({ conversationId: true }).extend({
  status: messageStatusSchema,
  // files written before finish reasons were stored have none
  finishReason: messageFinishReasonSchema.nullable().optional(),
  reasoningCut: reasoningCutSchema.nullable().optional(),
  // and no engine before remote engines
  engine: z.string().nullable().optional(),
  model: z.string().nullable().optional(),
  agreement: messageAgreementSchema.nullable().optional(),
  // and no fault code before faults were stored as codes
  errorFault: storedFaultSchema.nullable().optional(),
});
export const exportedConversationSchema = conversationSchema
  .omit({ deletedAt: true })
  .extend({ engine: engineChoiceSchema.optional(), messages: z.array(exportedMessageSchema).max(100_000) });
export const exportFileSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.number(),
  conversations: z.array(exportedConversationSchema).max(100_000),
});
export type ExportFile = z.infer<typeof exportFileSchema>;
