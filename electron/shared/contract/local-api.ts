/** The localApi.* channels: the OpenAI-compatible server on loopback. */
import { z } from "zod";
import { type ContractDef, call } from "../contract-kit.js";
import { apiLogEntrySchema, localApiSettingsSchema, localApiStatusSchema } from "../local-api-schemas.js";
import { empty } from "./common.js";

export const localApiChannels = {
  "localApi.status": call({ request: empty, response: localApiStatusSchema }),
  "localApi.update": call({ request: localApiSettingsSchema.partial().strict(), response: localApiStatusSchema }),
  "localApi.regenerateKey": call({ request: empty, response: localApiStatusSchema }),
  "localApi.log": call({
    request: z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(),
    response: z.object({ entries: z.array(apiLogEntrySchema) }),
  }),
} satisfies ContractDef;
