/** The documents.* channels: extraction of an attached file and its pages as sources. */
import { z } from "zod";
import { type ContractDef, call, stream } from "../contract-kit.js";
import { DOCUMENT_LIMITS, extractionStages } from "../document-limits.js";
import { id } from "./common.js";

export const documentsChannels = {
  "documents.extract": stream({
    request: z
      .object({
        name: z.string().min(1).max(255),
        // base64 of at most DOCUMENT_LIMITS.maxBytes (a larger file is refused by size, with its size)
        dataBase64: z.string().max(Math.ceil((DOCUMENT_LIMITS.maxBytes + 1024) / 3) * 4),
      })
      .strict(),
    response: z.object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      pages: z.number().int(),
      chars: z.number().int(),
      ocrPages: z.array(z.number().int()),
    }),
    event: z.object({
      kind: z.literal("progress"),
      stage: z.enum(extractionStages),
      done: z.number().min(0),
      total: z.number().min(0),
    }),
  }),
  "documents.source": call({
    request: z.object({ attachmentId: z.string().max(64), page: z.number().int().min(1).max(100_000) }).strict(),
    response: z.object({ name: z.string(), page: z.number().int(), text: z.string() }),
  }),
} satisfies ContractDef;
