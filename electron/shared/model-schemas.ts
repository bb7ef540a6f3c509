/** The model catalog (resources/models.json) and the model screen's view of each model. */
import { z } from "zod";

export const sourceIdSchema = z.enum(["hf", "mirror", "modelscope"]);
export type SourceId = z.infer<typeof sourceIdSchema>;

export const catalogEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9._-]+$/),
  family: z.string(),
  label: z.string(),
  description: z.string(),
  quantization: z.string(),
  default: z.boolean(),
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  revision: z.string().regex(/^[0-9a-f]{40}$/),
  file: z.string().regex(/^[\w.-]+\.gguf$/),
  size: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  architecture: z.object({
    name: z.string(),
    layers: z.number().int().positive(),
    kvHeads: z.number().int().positive(),
    headDim: z.number().int().positive(),
    contextLength: z.number().int().positive(),
  }),
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

export const catalogSchema = z.object({
  version: z.literal(1),
  sources: z.object({
    hf: z.object({ label: z.string(), urlTemplate: z.string() }),
    mirror: z.object({ label: z.string(), urlTemplate: z.string(), defaultBase: z.string().url() }),
    modelscope: z.object({ label: z.string(), urlTemplate: z.string() }),
  }),
  models: z.array(catalogEntrySchema).min(1),
});
export type Catalog = z.infer<typeof catalogSchema>;

export const modelStateSchema = z.enum(["not_downloaded", "downloading", "paused", "verifying", "ready", "failed"]);

export const downloadProgressSchema = z.object({
  phase: z.enum(["connecting", "rehashing", "downloading", "verifying"]),
  bytes: z.number(),
  total: z.number(),
  bytesPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  resumedFrom: z.number(),
});

export const modelViewSchema = z.object({
  id: z.string(),
  file: z.string(),
  label: z.string(),
  family: z.string(),
  description: z.string(),
  quantization: z.string(),
  size: z.number(),
  sha256: z.string().nullable(),
  inCatalog: z.boolean(),
  isDefault: z.boolean(),
  state: modelStateSchema,
  progress: downloadProgressSchema.nullable(),
  error: z.string().nullable(),
  /** `error` in Chinese (a download's or a check's failure). */
  errorZh: z.string().nullable().optional(),
  estimate: z.object({
    ramBytes: z.number(),
    vramBytes: z.number(),
    contextSize: z.number(),
    fitsGpu: z.boolean().nullable(),
  }),
  metadata: z
    .object({
      architecture: z.string(),
      parameters: z.number(),
      contextLength: z.number().nullable(),
      fileType: z.string().nullable(),
    })
    .nullable(),
});
export type ModelView = z.infer<typeof modelViewSchema>;
