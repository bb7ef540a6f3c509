/** The chat.* channels: a turn, its regeneration and the model's reasoning steered. */
import { z } from "zod";
import { chatEventSchema } from "../chat-schemas.js";
import { collectionRequestSchema } from "../collection-schemas.js";
import { type ContractDef, call, stream } from "../contract-kit.js";
import { conversationSettingsSchema, messageSchema } from "../history-schemas.js";
import { engineChoiceSchema } from "../remote-engine-schemas.js";
import { id } from "./common.js";
import { languageSchema } from "./settings.js";

export const chatTurnResultSchema = z.object({ conversationId: z.string(), message: messageSchema });

export const chatChannels = {
  "chat.send": stream({
    request: z
      .object({
        attachmentIds: z.array(z.string().max(64)).max(5).optional(),
        collections: z.array(collectionRequestSchema).max(3).optional(),
        conversationId: id.optional(),
        text: z.string().min(1).max(200_000),
        parentId: id.nullable().optional(),
        settings: conversationSettingsSchema.optional(),
        uiLanguage: languageSchema.optional(),
        /** For a new conversation: the engine that answers it (null: the local model). */
        engine: engineChoiceSchema.optional(),
      })
      .strict(),
    response: chatTurnResultSchema,
    event: chatEventSchema,
  }),
  "chat.regenerate": stream({
    request: z.object({ conversationId: id, userMessageId: id, uiLanguage: languageSchema.optional() }).strict(),
    response: chatTurnResultSchema,
    event: chatEventSchema,
  }),
  /** The answer being generated stops thinking and answers now. */
  "chat.answerNow": call({
    request: z.object({ messageId: id }).strict(),
    response: z.object({ accepted: z.boolean() }),
  }),
  /**
   * The user left this conversation (opened another, or a new chat). A hint: the local model saves the context it
   * holds now, while they type, so their next question does not wait for that save. `kept`: a state was saved.
   */
  "chat.leave": call({
    request: z.object({ conversationId: id }).strict(),
    response: z.object({ kept: z.boolean() }),
  }),
  /** An answer that stopped while thinking (a loop) answers now, in the same message. */
  "chat.continue": stream({
    request: z.object({ conversationId: id, messageId: id, uiLanguage: languageSchema.optional() }).strict(),
    response: chatTurnResultSchema,
    event: chatEventSchema,
  }),
} satisfies ContractDef;
