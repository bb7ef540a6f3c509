/** Remote engines (OpenAI-compatible servers) as settings, as a conversation's choice, and as Test connection's result. */
import { z } from "zod";
import { enginePresetIds } from "./engine-presets.js";

export const remoteEngineInputSchema = z
  .object({
    /** Absent: a new engine. */
    id: z.string().max(80).optional(),
    name: z.string().trim().min(1).max(80),
    preset: z.enum(enginePresetIds),
    url: z.string().trim().min(1).max(500),
    model: z.string().trim().max(300),
    /** How long to wait for an answer to start (and for each next part of it). */
    responseTimeoutS: z.number().int().min(5).max(3600).default(120),
    /** The context a request gets, used when the server does not say (its model list, /props). */
    contextLength: z.number().int().min(512).max(1_048_576).nullable().default(null),
    /** A new key (kept with the OS keychain, or for this launch only where there is none); null forgets it. */
    apiKey: z.string().max(500).nullable().optional(),
  })
  .strict();
export type RemoteEngineInput = z.input<typeof remoteEngineInputSchema>;

/** Where an engine's key is: the keychain, this launch's memory (web mode: asked again each launch), or nowhere. */
export const keyStateSchema = z.enum(["keychain", "session", "none", "missing"]);

export const remoteEngineSchema = z.object({
  id: z.string(),
  name: z.string(),
  preset: z.enum(enginePresetIds),
  url: z.string(),
  model: z.string(),
  responseTimeoutS: z.number().int(),
  contextLength: z.number().int().nullable(),
  /** The server wants a key (one was given once). */
  usesKey: z.boolean(),
  key: keyStateSchema,
  /** host[:port], as the status bar and the sidebar show it. */
  host: z.string(),
});
export type RemoteEngine = z.infer<typeof remoteEngineSchema>;

/** Which engine answers a conversation: null is the local model. */
export const engineChoiceSchema = z
  .object({ engineId: z.string().max(80), host: z.string(), model: z.string() })
  .nullable();
export type EngineChoice = z.infer<typeof engineChoiceSchema>;

export const probeResultSchema = z.object({
  host: z.string(),
  health: z.enum(["ok", "loading", "absent"]),
  models: z.array(z.object({ id: z.string(), contextLength: z.number().int().nullable() })),
  model: z.string(),
  contextLength: z.number().int().nullable(),
  elapsedMs: z.number(),
});
export type ProbeResult = z.infer<typeof probeResultSchema>;
