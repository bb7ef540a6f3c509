/** The chat channels' events: the engine's generation events plus the ids of the messages created. */
import { z } from "zod";
import { generationEventSchema } from "./engine-schemas.js";
import { messageSchema } from "./history-schemas.js";

export const chatEventSchema = z.union([
  z.object({
    kind: z.literal("created"),
    conversationId: z.string(),
    userMessage: messageSchema.nullable(),
    assistantMessage: messageSchema,
  }),
  generationEventSchema,
]);
export type ChatEvent = z.infer<typeof chatEventSchema>;
