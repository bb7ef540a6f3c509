/** The collections.* channels: course folders indexed for answers with sources. */
import { z } from "zod";
import { citedPassageSchema, collectionFileSchema, collectionSummarySchema } from "../collection-schemas.js";
import { type ContractDef, call } from "../contract-kit.js";
import { empty, ok } from "./common.js";

export const collectionsChannels = {
  "collections.list": call({ request: empty, response: z.object({ collections: z.array(collectionSummarySchema) }) }),
  "collections.create": call({
    request: z
      .object({
        name: z.string().min(1).max(80),
        dir: z.string().min(1).max(4096).nullable().optional(),
        files: z.array(z.string().min(1).max(4096)).max(1000).optional(),
      })
      .strict(),
    response: collectionSummarySchema,
  }),
  "collections.open": call({
    request: z.object({ id: z.string().max(64) }).strict(),
    response: collectionSummarySchema,
  }),
  "collections.files": call({
    request: z.object({ id: z.string().max(64) }).strict(),
    response: z.object({ files: z.array(collectionFileSchema) }),
  }),
  "collections.pause": call({ request: z.object({ id: z.string().max(64) }).strict(), response: ok }),
  "collections.resume": call({ request: z.object({ id: z.string().max(64) }).strict(), response: ok }),
  "collections.cancel": call({ request: z.object({ id: z.string().max(64) }).strict(), response: ok }),
  "collections.delete": call({ request: z.object({ id: z.string().max(64) }).strict(), response: ok }),
  "collections.passage": call({
    request: z
      .object({
        id: z.string().max(64),
        passageId: z.number().int().optional(),
        file: z.string().max(4096).optional(),
        page: z.number().int().min(1).max(100_000).optional(),
      })
      .strict(),
    response: citedPassageSchema,
  }),
} satisfies ContractDef;
