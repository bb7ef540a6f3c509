/** The eval.* channels: suites, runs against local models and a remote baseline, results. */
import { z } from "zod";
import { type ContractDef, call, stream } from "../contract-kit.js";
import { attemptCountSchema } from "../engine-schemas.js";
import { runEngineSchema, runEstimateSchema, runRecordSchema } from "../eval-schemas.js";
import { engineChoiceSchema } from "../remote-engine-schemas.js";
import { empty, ok } from "./common.js";

export const evaluateChannels = {
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
        repetitions: z.number().int().min(1).max(100).default(3),
        /** Also a "majority of N" column beside each local model's single attempts (N answers at once). */
        majority: attemptCountSchema.optional(),
        /** The engine that answers: a server added in Settings → Engines (then no files), or this computer (null, absent). */
        engine: engineChoiceSchema.optional(),
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
    event: z.discriminatedUnion("kind", [
      z.object({
        kind: z.literal("progress"),
        done: z.number().int(),
        total: z.number().int(),
        taskId: z.string(),
        correct: z.boolean(),
      }),
      /** The server is busy and is tried again (remote-faults.ts's notices, by code and parameters). */
      z.object({
        kind: z.literal("notice"),
        code: z.string(),
        message: z.string(),
        params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      }),
    ]),
  }),
  /** How long a run with these choices would take, said before it starts (services/evaluate/estimate.ts). */
  "eval.estimate": call({
    request: z
      .object({
        suiteId: z.string().max(80),
        files: z.array(z.string().max(255)).max(4),
        repetitions: z.number().int().min(1).max(100),
      })
      .strict(),
    response: runEstimateSchema,
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
          /** The server that answered (null: this computer). */
          engine: runEngineSchema.nullable(),
        }),
      ),
    }),
  }),
  "eval.getRun": call({ request: z.object({ id: z.string().max(80) }).strict(), response: runRecordSchema }),
  "eval.export": call({
    request: z.object({ id: z.string().max(80), format: z.enum(["markdown", "csv"]) }).strict(),
    response: z.object({ filename: z.string(), content: z.string() }),
  }),
} satisfies ContractDef;
