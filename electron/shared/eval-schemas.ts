/** Evaluation run records, shared by the runner, the contract and the Evaluate screen. */
import { z } from "zod";
import { messageFinishReasonSchema } from "./history-schemas.js";
import { remoteFaultCodes } from "./remote-faults.js";

/** A remote engine's fault as data (its code and parameters), so the Evaluate screen words it in the user's language. */
export const runFaultSchema = z.object({
  reason: z.enum(remoteFaultCodes),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type RunFault = z.infer<typeof runFaultSchema>;

/** Which engine computed a run's answers: a server added in Settings → Engines (null or absent: this computer). */
export const runEngineSchema = z.object({
  /** host[:port] */
  host: z.string(),
  model: z.string(),
  /** The name it has in Settings → Engines (null from `npm run eval -- --engine`). */
  name: z.string().nullable(),
});
export type RunEngine = z.infer<typeof runEngineSchema>;

/** What the checker compared, as data: the Evaluate screen words it in the user's language (`detail` is English). */
export const attemptCheckSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("value"),
    expected: z.string(),
    read: z.string().nullable(),
    source: z.enum(["boxed", "phrase", "last-number"]).nullable(),
  }),
  z.object({ kind: z.literal("verdict"), expected: z.string() }),
  z.object({ kind: z.literal("pattern"), pattern: z.string(), checked: z.boolean() }),
  z.object({
    kind: z.literal("code"),
    language: z.enum(["python", "javascript", "typescript"]),
    passed: z.number().int(),
    total: z.number().int(),
    /** The answer had no code block of that language. */
    noCode: z.boolean(),
  }),
  z.object({ kind: z.literal("none") }),
]);
export type AttemptCheck = z.infer<typeof attemptCheckSchema>;

export const attemptSchema = z.object({
  taskId: z.string(),
  category: z.enum(["math", "code", "logic"]),
  variant: z.string(),
  repetition: z.number().int(),
  correct: z.boolean(),
  extracted: z.string().nullable(),
  detail: z.string(),
  /** The same as `detail`, as data (absent in older runs). */
  check: attemptCheckSchema.optional(),
  answer: z.string(),
  reasoningChars: z.number().int(),
  ttftMs: z.number().nullable(),
  ttfatMs: z.number().nullable(),
  totalMs: z.number(),
  reasoningTokens: z.number().int(),
  answerTokens: z.number().int(),
  tokensPerSecond: z.number().nullable(),
  error: z.string().nullable(),
  /** How the attempt ended: end, max_tokens, stopped, looping, budget or error (null in older runs). */
  finishReason: messageFinishReasonSchema.nullable().optional(),
  /** A "majority of N" attempt: how many of its N answers agree with the majority answer. */
  agreement: z.object({ size: z.number().int(), of: z.number().int() }).optional(),
  /** The remote engine's fault behind `error`, when a server failed this attempt (what arrived is in `answer`). */
  fault: runFaultSchema.optional(),
});
export type Attempt = z.infer<typeof attemptSchema>;

export const runRecordSchema = z.object({
  id: z.string(),
  suiteId: z.string(),
  suiteName: z.string(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  status: z.enum(["running", "complete", "cancelled", "failed"]),
  variants: z.array(z.string()),
  repetitions: z.number().int(),
  backend: z.string(),
  attempts: z.array(attemptSchema),
  error: z.string().nullable(),
  /** The server that answered (null: this computer; absent in runs from before remote engines). */
  engine: runEngineSchema.nullable().optional(),
  /** The remote engine's fault that ended a failed run, as data (`error` says it in English). */
  fault: runFaultSchema.optional(),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

/** How long a run would take, said before it starts (services/evaluate/estimate.ts). */
export const runEstimateSchema = z.object({
  /** Answers the run will write: tasks × runs × local models. */
  answers: z.number().int(),
  /** Seconds for all of them; null when no speed was ever measured. */
  seconds: z.number().nullable(),
  /** Where the speed came from: earlier runs of these models, the loaded model's chat answers, or nowhere. */
  basis: z.enum(["runs", "model", "none"]),
  /** The slowest speed used (tokens a second). */
  tokensPerSecond: z.number().nullable(),
  /** Where the answer lengths came from. */
  lengths: z.enum(["runs", "typical"]),
});
export type RunEstimate = z.infer<typeof runEstimateSchema>;
