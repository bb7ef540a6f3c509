/** Engine and generation shapes shared by the contract, the main process and the engine process. */
import { z } from "zod";

export const backendSchema = z.enum(["auto", "cuda", "vulkan", "cpu"]);
export type Backend = z.infer<typeof backendSchema>;

/** The model card's defaults: temperature 0.6, top_p 0.95, no system prompt. */
export const modelCardDefaults = { temperature: 0.6, topP: 0.95, systemPrompt: "" } as const;

/** Every sampling setting, none defaulted: what a conversation may override. */
export const settingsFields = {
  systemPrompt: z.string().max(20_000),
  temperature: z.number().min(0).max(2),
  topP: z.number().gt(0).max(1),
  topK: z.number().int().min(0).max(1000),
  minP: z.number().min(0).max(1),
  repeatPenalty: z.number().min(0.5).max(2),
  maxTokens: z.number().int().min(1).max(131_072),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  /** Most tokens the model may spend reasoning before it must answer ("answer now" happens by itself). */
  reasoningBudget: z.number().int().min(0).max(131_072),
};

export const generationSettingsSchema = z
  .object({
    ...settingsFields,
    systemPrompt: settingsFields.systemPrompt.default(modelCardDefaults.systemPrompt),
    temperature: settingsFields.temperature.default(modelCardDefaults.temperature),
    topP: settingsFields.topP.default(modelCardDefaults.topP),
    topK: settingsFields.topK.optional(),
    minP: settingsFields.minP.optional(),
    repeatPenalty: settingsFields.repeatPenalty.optional(),
    maxTokens: settingsFields.maxTokens.optional(),
    seed: settingsFields.seed.optional(),
    reasoningBudget: settingsFields.reasoningBudget.optional(),
  })
  .strict();
export type GenerationSettings = z.output<typeof generationSettingsSchema>;
export type GenerationSettingsInput = z.input<typeof generationSettingsSchema>;

export const historyItemSchema = z.object({
  role: z.enum(["user", "assistant"]),
  text: z.string(),
  reasoning: z.string().optional(),
});
export type EngineHistoryItem = z.infer<typeof historyItemSchema>;

export const metricsSchema = z.object({
  ttftMs: z.number().nullable(),
  ttfatMs: z.number().nullable(),
  totalMs: z.number(),
  promptTokens: z.number().int(),
  reasoningTokens: z.number().int(),
  answerTokens: z.number().int(),
  tokensPerSecond: z.number().nullable(),
});
export type GenerationMetrics = z.infer<typeof metricsSchema>;

/**
 * How a generation ended: `looping` (the model repeated itself and was stopped), `budget` (the
 * thinking budget cut the reasoning, then the answer ended normally), `stopped` (by the user).
 */
export const finishReasonSchema = z.enum(["end", "max_tokens", "stopped", "looping", "budget"]);
export type FinishReason = z.infer<typeof finishReasonSchema>;

export const generationEventSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("reasoning"), text: z.string(), tokens: z.number().int().optional() }),
  z.object({ kind: z.literal("answer"), text: z.string(), tokens: z.number().int().optional() }),
  z.object({ kind: z.literal("queued"), position: z.number().int() }),
  z.object({ kind: z.literal("started"), messageId: z.string().optional() }),
  z.object({
    kind: z.literal("notice"),
    code: z.string(),
    message: z.string(),
    /** A remote engine's notice: its parameters, so a screen can word it in the user's language (remote-faults.ts). */
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  }),
  /** Several attempts at once (agreement): how far each has come, sent a few times a second. */
  z.object({
    kind: z.literal("attempts"),
    attempts: z
      .array(
        z.object({
          reasoningTokens: z.number().int(),
          answerTokens: z.number().int(),
          /** Set once the attempt ended. */
          finishReason: finishReasonSchema.nullable(),
        }),
      )
      .max(16),
  }),
]);
export type GenerationEvent = z.infer<typeof generationEventSchema>;
/** One attempt's progress while several run at once. */
export type AttemptProgress = Extract<GenerationEvent, { kind: "attempts" }>["attempts"][number];

/** Why the reasoning was closed early: the user's "answer now", or the thinking budget. */
export const reasoningCutSchema = z.enum(["answer_now", "budget"]);
export type ReasoningCut = z.infer<typeof reasoningCutSchema>;
/** The line that closes a thought cut short, before `</think>`. */
export const ANSWER_NOW_LINE = "\n\nTime is up; I will answer with what I have.\n";
export const generationResultSchema = z.object({
  status: z.enum(["complete", "stopped"]),
  finishReason: finishReasonSchema,
  reasoning: z.string(),
  answer: z.string(),
  reasoningUnfinished: z.boolean(),
  reasoningCut: reasoningCutSchema.nullable().optional(),
  metrics: metricsSchema,
  contextShifted: z.boolean(),
});
export type GenerationResult = z.infer<typeof generationResultSchema>;

/** "Check with N attempts": how many answers are generated at once, in parallel sequences of one context. */
export const attemptCounts = [3, 5, 8] as const;
export const attemptCountSchema = z.union([z.literal(3), z.literal(5), z.literal(8)]);
export type AttemptCount = z.infer<typeof attemptCountSchema>;
/** The most attempts the engine runs at once (the Evaluate CLI's --majority may ask for any count up to it). */
export const MAX_PARALLEL_ATTEMPTS = 8;

/** Several attempts at one question, generated together: each attempt's result, and metrics for the whole. */
export const attemptsResultSchema = z.object({
  attempts: z.array(generationResultSchema).min(1).max(MAX_PARALLEL_ATTEMPTS),
  metrics: metricsSchema,
});
export type AttemptsResult = z.infer<typeof attemptsResultSchema>;

/** Why a faster backend was not used, as a code the UI words in the user's language. */
export const backendSkipCodes = [
  "cuda_on_macos",
  "no_nvidia_driver",
  "no_cuda_runtime",
  "cuda_load_failed",
  "vulkan_on_macos",
  "no_vulkan_loader",
  "vulkan_load_failed",
] as const;
export type BackendSkipCode = (typeof backendSkipCodes)[number];

export const gpuReportSchema = z.object({
  backend: z.enum(["cuda", "vulkan", "metal", "cpu"]),
  requested: backendSchema,
  devices: z.array(z.string()),
  vram: z.object({ total: z.number(), free: z.number() }).nullable(),
  threads: z.number().int(),
  cpuMathCores: z.number().int(),
  /** Why each faster backend was not used. */
  skipped: z.array(
    z.object({
      backend: z.enum(["cuda", "vulkan", "metal"]),
      /** In English, for logs and the CLI; the UI words `code` (with `detail`) in the user's language. */
      reason: z.string(),
      code: z.enum(backendSkipCodes).optional(),
      detail: z.string().optional(),
    }),
  ),
});
export type GpuReport = z.infer<typeof gpuReportSchema>;

export const loadedModelSchema = z.object({
  path: z.string(),
  name: z.string(),
  contextSize: z.number().int(),
  trainContextSize: z.number().int(),
  gpuLayers: z.number().int(),
  totalLayers: z.number().int(),
  loadMs: z.number(),
});
export type LoadedModel = z.infer<typeof loadedModelSchema>;

export const engineStateSchema = z.enum(["starting", "idle", "loading", "ready", "generating", "crashed", "stopped"]);
export type EngineState = z.infer<typeof engineStateSchema>;

export const engineStatusSchema = z.object({
  state: engineStateSchema,
  model: loadedModelSchema.nullable(),
  gpu: gpuReportSchema.nullable(),
  error: z.string().nullable(),
  /** `error` in Chinese, where the engine worded it so. */
  errorZh: z.string().nullable().optional(),
  queued: z.number().int(),
  backend: backendSchema,
  /** The model being loaded and how far (0–1), whoever started it (the user, or the reload at start). */
  loading: z.object({ file: z.string(), progress: z.number() }).nullable().optional(),
});
export type EngineStatus = z.infer<typeof engineStatusSchema>;

export const DEFAULT_CONTEXT_SIZE = 8192;
