/**
 * The uploads.* channels: a large file (an attachment, a history export) goes to the main process in chunks of at
 * most UPLOAD_CHUNK_BYTES, each written to disk as it comes, so no message is ever large enough to stop the main
 * thread (unmasking, parsing and copying a 50 MB message took over a second there). The finished upload is then
 * named by its id in `documents.extract` or `history.import`.
 */
import { z } from "zod";
import { type ContractDef, call } from "../contract-kit.js";
import { DOCUMENT_LIMITS } from "../document-limits.js";
import { ok } from "./common.js";

/** Bytes of a chunk before base64 (1 MiB of base64 text). */
export const UPLOAD_CHUNK_BYTES = 768 * 1024;

/** What an upload is for, and the largest file each takes. */
export const UPLOAD_LIMITS = {
  document: DOCUMENT_LIMITS.maxBytes,
  history: 200 * 1024 * 1024,
} as const;
export type UploadPurpose = keyof typeof UPLOAD_LIMITS;

export const uploadIdSchema = z.string().regex(/^[a-f0-9-]{36}$/);

export const uploadsChannels = {
  "uploads.begin": call({
    request: z
      .object({
        purpose: z.enum(["document", "history"]),
        // the size is checked against the purpose's limit by the upload store, with the size in the refusal
        size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      })
      .strict(),
    response: z.object({ uploadId: uploadIdSchema, chunkBytes: z.number().int() }),
  }),
  "uploads.append": call({
    request: z
      .object({
        uploadId: uploadIdSchema,
        offset: z.number().int().min(0),
        dataBase64: z.string().max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4),
      })
      .strict(),
    response: z.object({ received: z.number().int() }),
  }),
  "uploads.discard": call({ request: z.object({ uploadId: uploadIdSchema }).strict(), response: ok }),
} satisfies ContractDef;
