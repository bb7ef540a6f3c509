/**
 * The IPC contract: every channel between the renderer and the main process, declared once.
 * Main validates each payload against it, the preload builds `window.inkstone` from it, and
 * web mode serves it over a WebSocket. Add a channel here, then its handler in electron/core/handlers.
 */
import { z } from "zod";
import { chatEventSchema } from "./chat-schemas.js";
import {
  citedPassageSchema,
  collectionFileSchema,
  collectionProgressSchema,
  collectionRequestSchema,
  collectionSummarySchema,
} from "./collection-schemas.js";
import { type ContractDef, call, stream } from "./contract-kit.js";
import { DOCUMENT_LIMITS, extractionStages } from "./document-limits.js";
import { backendSchema, engineStatusSchema, loadedModelSchema } from "./engine-schemas.js";
import { runRecordSchema } from "./eval-schemas.js";
import {
  conversationSchema,
  conversationSettingsSchema,
  messageSchema,
  searchHitSchema,
  threadSchema,
} from "./history-schemas.js";
import { apiLogEntrySchema, localApiSettingsSchema, localApiStatusSchema } from "./local-api-schemas.js";
import { downloadProgressSchema, modelViewSchema, sourceIdSchema } from "./model-schemas.js";
import { sandboxErrorCodes, sandboxLanguages } from "./sandbox-codes.js";

export const languageSchema = z.enum(["en", "zh-CN"]);
export const themeSchema = z.enum(["light", "dark", "system"]);

export const settingsSchema = z.object({
  language: languageSchema.nullable(),
  theme: themeSchema,
  /** Base URL of a Hugging Face-compatible mirror (Hugging Face is blocked in some regions). */
  mirrorBase: z.string().url().max(500).nullable().default(null),
  /** The models folder, when the user moved it away from the data folder. */
  modelsDir: z.string().max(4096).nullable().default(null),
  /** The model to load at start, if any (a file in the models folder). */
  lastModel: z.string().max(255).nullable().default(null),
});
export type Settings = z.infer<typeof settingsSchema>;

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(["electron", "web"]),
  platform: z.string(),
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const empty = z.object({}).strict();
const id = z.string().min(1).max(100);
const ok = z.object({ ok: z.literal(true) });

export const networkStatusSchema = z.object({ activeHosts: z.array(z.string()) });

export const localModelSchema = z.object({ name: z.string(), path: z.string(), size: z.number() });

export const chatTurnResultSchema = z.object({ conversationId: z.string(), message: messageSchema });

export const contract = {
  "app.info": call({ request: empty, response: appInfoSchema }),
  "app.echo": call({
    request: z.object({ text: z.string().max(10_000) }).strict(),
    response: z.object({ text: z.string(), receivedAt: z.number() }),
  }),
  "settings.get": call({ request: empty, response: settingsSchema }),
  "settings.update": call({ request: settingsSchema.partial().strict(), response: settingsSchema }),

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
  "models.local": call({ request: empty, response: z.object({ dir: z.string(), files: z.array(localModelSchema) }) }),
  "eval.suites": call({
    request: empty,
    response: z.object({
      suites: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          description: z.string(),
          builtIn: z.boolean(),
          tasks: z.number().int(),
          json: z.string(),
        }),
      ),
    }),
  }),
  "eval.importSuite": call({
    request: z.object({ json: z.string().max(5 * 1024 * 1024) }).strict(),
    response: z.object({ id: z.string() }),
  }),
  "eval.deleteSuite": call({ request: z.object({ id: z.string().max(80) }).strict(), response: ok }),
  "eval.run": stream({
    request: z
      .object({
        suiteId: z.string().max(80),
        files: z.array(z.string().max(255)).max(4),
        repetitions: z.number().int().min(1).max(100).default(10),
        remote: z
          .object({
            name: z.string().max(40),
            url: z.string().url(),
            model: z.string().max(200),
            apiKey: z.string().max(500),
          })
          .optional(),
      })
      .strict(),
    response: z.object({ runId: z.string(), status: z.string() }),
    event: z.object({
      kind: z.literal("progress"),
      done: z.number().int(),
      total: z.number().int(),
      taskId: z.string(),
      correct: z.boolean(),
    }),
  }),
  "eval.remoteKey": call({
    request: z.object({ store: z.string().max(500).nullable().optional() }).strict(),
    response: z.object({ keychainAvailable: z.boolean(), stored: z.boolean() }),
  }),
  "eval.runs": call({
    request: empty,
    response: z.object({
      runs: z.array(
        z.object({
          id: z.string(),
          suiteName: z.string(),
          startedAt: z.number(),
          status: z.string(),
          variants: z.array(z.string()),
          attempts: z.number().int(),
        }),
      ),
    }),
  }),
  "eval.getRun": call({ request: z.object({ id: z.string().max(80) }).strict(), response: runRecordSchema }),
  "eval.export": call({
    request: z.object({ id: z.string().max(80), format: z.enum(["markdown", "csv"]) }).strict(),
    response: z.object({ filename: z.string(), content: z.string() }),
  }),
  "network.status": call({ request: empty, response: networkStatusSchema }),
  "network.log": call({
    request: empty,
    response: z.object({
      entries: z.array(z.object({ at: z.number(), host: z.string(), allowed: z.boolean(), reason: z.string() })),
    }),
  }),
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
  "homework.runCode": call({
    request: z
      .object({
        code: z.string().min(1).max(100_000),
        language: z.enum(sandboxLanguages),
        tests: z.array(z.string().min(1).max(2000)).min(1).max(50),
      })
      .strict(),
    response: z.object({
      results: z.array(
        z.object({
          test: z.string(),
          passed: z.boolean(),
          message: z.string().nullable(),
          code: z.enum(sandboxErrorCodes).optional(),
        }),
      ),
      error: z.string().nullable(),
      errorCode: z.enum(sandboxErrorCodes).optional(),
      stdout: z.string(),
    }),
  }),
  /** Loads a language's sandbox engine ahead of a run (Python takes seconds the first time). */
  "homework.prepareCode": call({
    request: z.object({ language: z.enum(sandboxLanguages) }).strict(),
    response: z.object({ ready: z.literal(true) }),
  }),
  "chat.send": stream({
    request: z
      .object({
        attachmentIds: z.array(z.string().max(64)).max(5).optional(),
        collections: z.array(collectionRequestSchema).max(3).optional(),
        conversationId: id.optional(),
        text: z.string().min(1).max(200_000),
        parentId: id.nullable().optional(),
        settings: conversationSettingsSchema.optional(),
        uiLanguage: languageSchema.optional(),
      })
      .strict(),
    response: chatTurnResultSchema,
    event: chatEventSchema,
  }),
  "chat.regenerate": stream({
    request: z.object({ conversationId: id, userMessageId: id, uiLanguage: languageSchema.optional() }).strict(),
    response: chatTurnResultSchema,
    event: chatEventSchema,
  }),
  /** The answer being generated stops thinking and answers now. */
  "chat.answerNow": call({
    request: z.object({ messageId: id }).strict(),
    response: z.object({ accepted: z.boolean() }),
  }),
  /** An answer that stopped while thinking (a loop) answers now, in the same message. */
  "chat.continue": stream({
    request: z.object({ conversationId: id, messageId: id, uiLanguage: languageSchema.optional() }).strict(),
    response: chatTurnResultSchema,
    event: chatEventSchema,
  }),

  "history.list": call({
    request: z
      .object({
        limit: z.number().int().min(1).max(500).optional(),
        before: z.object({ pinned: z.boolean(), updatedAt: z.number(), id }).optional(),
      })
      .strict(),
    response: z.object({ conversations: z.array(conversationSchema), notice: z.string().nullable() }),
  }),
  "history.thread": call({ request: z.object({ conversationId: id }).strict(), response: threadSchema }),
  "history.create": call({
    request: z.object({ settings: conversationSettingsSchema.optional() }).strict(),
    response: conversationSchema,
  }),
  "history.rename": call({
    request: z.object({ conversationId: id, title: z.string().max(200) }).strict(),
    response: conversationSchema,
  }),
  "history.pin": call({
    request: z.object({ conversationId: id, pinned: z.boolean() }).strict(),
    response: conversationSchema,
  }),
  "history.delete": call({ request: z.object({ conversationId: id }).strict(), response: ok }),
  "history.restore": call({ request: z.object({ conversationId: id }).strict(), response: conversationSchema }),
  "history.selectBranch": call({
    request: z.object({ conversationId: id, messageId: id }).strict(),
    response: threadSchema,
  }),
  "history.updateSettings": call({
    request: z.object({ conversationId: id, settings: conversationSettingsSchema }).strict(),
    response: conversationSchema,
  }),
  "history.search": call({
    request: z.object({ query: z.string().max(500), limit: z.number().int().min(1).max(200).optional() }).strict(),
    response: z.object({ hits: z.array(searchHitSchema) }),
  }),
  "history.export": call({
    request: z
      .object({ conversationIds: z.array(id).max(100_000).nullable(), format: z.enum(["json", "markdown"]) })
      .strict(),
    response: z.object({ filename: z.string(), content: z.string() }),
  }),
  "history.import": call({
    request: z.object({ json: z.string().max(200 * 1024 * 1024) }).strict(),
    response: z.object({ conversationIds: z.array(z.string()) }),
  }),

  "localApi.status": call({ request: empty, response: localApiStatusSchema }),
  "localApi.update": call({ request: localApiSettingsSchema.partial().strict(), response: localApiStatusSchema }),
  "localApi.regenerateKey": call({ request: empty, response: localApiStatusSchema }),
  "localApi.log": call({
    request: z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(),
    response: z.object({ entries: z.array(apiLogEntrySchema) }),
  }),
} satisfies ContractDef;

export type Contract = typeof contract;
export const channelNames = Object.keys(contract) as (keyof Contract)[];

/** Broadcasts from main, by name. */
export const notifications = {
  "settings.changed": settingsSchema,
  "engine.status": engineStatusSchema,
  "models.changed": z.object({}),
  "network.status": networkStatusSchema,
  "localApi.status": localApiStatusSchema,
  "collections.progress": collectionProgressSchema,
} as const;
export type NotificationName = keyof typeof notifications;
export type NotificationData<N extends NotificationName> = z.infer<(typeof notifications)[N]>;
