/** The history.* channels: conversations, branches, search, export and import. */
import { z } from "zod";
import { type ContractDef, call } from "../contract-kit.js";
import { conversationSchema, conversationSettingsSchema, searchHitSchema, threadSchema } from "../history-schemas.js";
import { id, ok } from "./common.js";
import { uploadIdSchema } from "./uploads.js";

export const historyChannels = {
  "history.list": call({
    request: z
      .object({
        limit: z.number().int().min(1).max(500).optional(),
        before: z.object({ pinned: z.boolean(), updatedAt: z.number(), id }).optional(),
      })
      .strict(),
    response: z.object({ conversations: z.array(conversationSchema), notice: z.string().nullable() }),
  }),
  "history.thread": call({ request: z.object({ conversationId: id }).strict(), response: threadSchema }),
  "history.create": call({
    request: z.object({ settings: conversationSettingsSchema.optional() }).strict(),
    response: conversationSchema,
  }),
  "history.rename": call({
    request: z.object({ conversationId: id, title: z.string().max(200) }).strict(),
    response: conversationSchema,
  }),
  "history.pin": call({
    request: z.object({ conversationId: id, pinned: z.boolean() }).strict(),
    response: conversationSchema,
  }),
  "history.delete": call({ request: z.object({ conversationId: id }).strict(), response: ok }),
  "history.restore": call({ request: z.object({ conversationId: id }).strict(), response: conversationSchema }),
  "history.selectBranch": call({
    request: z.object({ conversationId: id, messageId: id }).strict(),
    response: threadSchema,
  }),
  "history.updateSettings": call({
    request: z.object({ conversationId: id, settings: conversationSettingsSchema }).strict(),
    response: conversationSchema,
  }),
  "history.search": call({
    request: z.object({ query: z.string().max(500), limit: z.number().int().min(1).max(200).optional() }).strict(),
    response: z.object({ hits: z.array(searchHitSchema) }),
  }),
  "history.export": call({
    request: z
      .object({ conversationIds: z.array(id).max(100_000).nullable(), format: z.enum(["json", "markdown"]) })
      .strict(),
    response: z.object({ filename: z.string(), content: z.string() }),
  }),
  "history.import": call({
    request: z.object({ uploadId: uploadIdSchema }).strict(),
    response: z.object({ conversationIds: z.array(z.string()) }),
  }),
} satisfies ContractDef;
