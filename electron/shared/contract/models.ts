/** The models.* channels: the models folder, downloads, verification, import. */
import { z } from "zod";
import { type ContractDef, call, stream } from "../contract-kit.js";
import { downloadProgressSchema, modelViewSchema, sourceIdSchema } from "../model-schemas.js";
import { empty, ok } from "./common.js";

export const localModelSchema = z.object({ name: z.string(), path: z.string(), size: z.number() });

export const modelsChannels = {
  "models.local": call({ request: empty, response: z.object({ dir: z.string(), files: z.array(localModelSchema) }) }),
  "models.list": call({
    request: z.object({ contextSize: z.number().int().min(256).max(131_072).optional() }).strict(),
    response: z.object({ dir: z.string(), models: z.array(modelViewSchema) }),
  }),
  "models.download": stream({
    request: z.object({ id: z.string().max(100), source: sourceIdSchema }).strict(),
    response: z.object({ file: z.string() }),
    event: z.object({ kind: z.literal("progress"), progress: downloadProgressSchema }),
  }),
  "models.moveFolder": call({
    request: z.object({ dir: z.string().min(1).max(4096) }).strict(),
    response: z.object({ dir: z.string() }),
  }),
  "models.pause": call({ request: z.object({ file: z.string().max(255) }).strict(), response: ok }),
  "models.cancel": call({ request: z.object({ file: z.string().max(255) }).strict(), response: ok }),
  "models.delete": call({ request: z.object({ file: z.string().max(255) }).strict(), response: ok }),
  "models.verify": stream({
    request: z.object({ file: z.string().max(255) }).strict(),
    response: z.object({ ok: z.boolean(), sha256: z.string(), catalogId: z.string().nullable() }),
    event: z.object({ kind: z.literal("progress"), bytes: z.number(), total: z.number() }),
  }),
  "models.import": stream({
    request: z.object({ path: z.string().min(1).max(4096) }).strict(),
    response: z.object({ file: z.string(), catalogId: z.string().nullable() }),
    event: z.object({ kind: z.literal("progress"), bytes: z.number(), total: z.number() }),
  }),
} satisfies ContractDef;
