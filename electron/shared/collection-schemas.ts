/** Collections' shapes shared by the service's channels, the chat's attachment records and the renderer. */
import { z } from "zod";

export const collectionFileStates = ["pending", "indexed", "ocr", "failed"] as const;
export type CollectionFileState = (typeof collectionFileStates)[number];

export const collectionSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  dir: z.string().nullable(),
  files: z.number().int(),
  pages: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  status: z.enum(["indexing", "paused", "idle"]),
  done: z.number().int(),
  total: z.number().int(),
  notice: z.string().nullable(),
});
export type CollectionSummary = z.infer<typeof collectionSummarySchema>;

export const collectionFileSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  size: z.number(),
  state: z.enum(collectionFileStates),
  reason: z.string().nullable(),
  message: z.string().nullable(),
  pages: z.number().int(),
  ocrPages: z.number().int(),
});
export type CollectionFile = z.infer<typeof collectionFileSchema>;

export const collectionProgressSchema = z.object({
  collectionId: z.string(),
  status: z.enum(["indexing", "paused", "idle"]),
  done: z.number().int(),
  total: z.number().int(),
  file: z
    .object({
      name: z.string(),
      state: z.string(),
      stage: z.string().optional(),
      page: z.number().optional(),
      pages: z.number().optional(),
      reason: z.string().optional(),
    })
    .nullable(),
});
export type CollectionProgress = z.infer<typeof collectionProgressSchema>;

/** A collection attached to a question, with the files the user pinned or excluded for it. */
export const collectionRequestSchema = z
  .object({
    id: z.string().min(1).max(64),
    pin: z.array(z.number().int()).max(200).default([]),
    exclude: z.array(z.number().int()).max(5000).default([]),
  })
  .strict();
export type CollectionRequest = z.input<typeof collectionRequestSchema>;

/** What a collection gave a question: recorded with the question, shown as "Searched 35 files; used …". */
export const collectionUsageSchema = z.object({
  searched: z.number().int(),
  passages: z.array(
    z.object({ id: z.number().int(), fileId: z.number().int(), file: z.string(), page: z.number().int() }),
  ),
});
export type CollectionUsage = z.infer<typeof collectionUsageSchema>;

export const citedPassageSchema = z.object({ name: z.string(), page: z.number().int(), text: z.string() });
