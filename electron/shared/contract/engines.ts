/** The engines.* channels: remote engines (OpenAI-compatible servers) added in Settings → Engines, and a conversation's choice. */
import { z } from "zod";
import { type ContractDef, call } from "../contract-kit.js";
import { conversationSchema } from "../history-schemas.js";
import {
  engineChoiceSchema,
  probeResultSchema,
  remoteEngineInputSchema,
  remoteEngineSchema,
} from "../remote-engine-schemas.js";
import { empty, id, ok } from "./common.js";

export const enginesChannels = {
  "engines.list": call({
    request: empty,
    response: z.object({ engines: z.array(remoteEngineSchema), keychainAvailable: z.boolean() }),
  }),
  "engines.save": call({ request: remoteEngineInputSchema, response: remoteEngineSchema }),
  "engines.remove": call({ request: z.object({ id: z.string().max(80) }).strict(), response: ok }),
  /** Test connection: health, the key, the model list and the context; an added engine's kept key is used when none is typed. */
  "engines.test": call({
    request: z
      .object({
        id: z.string().max(80).optional(),
        url: z.string().trim().min(1).max(500),
        model: z.string().trim().max(300),
        apiKey: z.string().max(500).optional(),
        responseTimeoutS: z.number().int().min(1).max(3600).optional(),
      })
      .strict(),
    response: probeResultSchema,
  }),
  /** The engine that answers a conversation from its next answer on (null: the local model). */
  "engines.choose": call({
    request: z.object({ conversationId: id, engine: engineChoiceSchema }).strict(),
    response: conversationSchema,
  }),
} satisfies ContractDef;
