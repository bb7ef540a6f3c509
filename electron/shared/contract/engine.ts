/** The engine.* channels: the engine process, the loaded model, its backend. */
import { z } from "zod";
import { type ContractDef, call, stream } from "../contract-kit.js";
import { backendSchema, engineStatusSchema, loadedModelSchema } from "../engine-schemas.js";
import { empty } from "./common.js";

export const engineChannels = {
  "engine.status": call({ request: empty, response: engineStatusSchema }),
  "engine.load": stream({
    request: z
      .object({ file: z.string().min(1).max(255), contextSize: z.number().int().min(256).max(131_072).optional() })
      .strict(),
    response: loadedModelSchema,
    event: z.object({ kind: z.literal("progress"), progress: z.number().min(0).max(1) }),
  }),
  "engine.eject": call({ request: empty, response: engineStatusSchema }),
  "engine.restart": call({
    request: z
      .object({ backend: backendSchema.optional(), threads: z.number().int().min(1).max(256).nullable().optional() })
      .strict(),
    response: engineStatusSchema,
  }),
} satisfies ContractDef;
