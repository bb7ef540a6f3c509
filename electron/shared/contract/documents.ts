/** The documents.* channels: extraction of an attached file and its pages as sources. */
import { z } from "zod";
import { type ContractDef, call, stream } from "../contract-kit.js";
import { extractionStages } from "../document-limits.js";
import { uploadIdSchema } from "./uploads.js";

export const documentsChannels = {
  "documents.extract": stream({
    request: z
      .object({
        name: z.string().min(1).max(255),
        // the file, sent first through uploads.* (a larger file than DOCUMENT_LIMITS.maxBytes is refused there)
        uploadId: uploadIdSchema,
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
