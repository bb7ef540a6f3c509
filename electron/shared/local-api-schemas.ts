/** The local OpenAI-compatible API's settings, status and request log, as the contract carries them. */
import { z } from "zod";

/**
 * The default port: clear of LM Studio (1234), Jan (1337), Ollama (11434), llama-server (8080),
 * vLLM (8000) and Vite (5173). When it is taken, the next free one above it is used.
 */
export const LOCAL_API_DEFAULT_PORT = 4650;
/** Ports that other local model servers use by default: never offered as Inkstone's. */
export const OTHER_SERVERS_PORTS = [1234, 1337, 11434] as const;

/** How reasoning reaches a client: DeepSeek's `reasoning_content`, the `reasoning` field, or inline in `<think>`. */
export const reasoningFormatSchema = z.enum(["reasoning_content", "reasoning", "think"]);
export type ReasoningFormat = z.infer<typeof reasoningFormatSchema>;

/** An exact origin a browser page may call the API from: scheme, host and port, nothing else. */
export const exactOriginSchema = z
  .string()
  .max(200)
  .regex(
    /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9a-f:]+\](:\d{1,5})?$/i,
    "an origin like http://localhost:3000",
  );

export const localApiSettingsSchema = z.object({
  enabled: z.boolean(),
  port: z.number().int().min(1024).max(65_535),
  allowedOrigins: z.array(exactOriginSchema).max(20),
  reasoningFormat: reasoningFormatSchema,
  /** Whether the request log keeps the question and answer text (off: time, client and tokens only). */
  logContent: z.boolean(),
});
export type LocalApiSettings = z.infer<typeof localApiSettingsSchema>;

export const defaultLocalApiSettings: LocalApiSettings = {
  enabled: false,
  port: LOCAL_API_DEFAULT_PORT,
  allowedOrigins: [],
  reasoningFormat: "reasoning_content",
  logContent: false,
};

export const localApiStatusSchema = z.object({
  settings: localApiSettingsSchema,
  /** Listening now: the base URL clients use (`http://127.0.0.1:PORT/v1`), else null. */
  url: z.string().nullable(),
  port: z.number().int().nullable(),
  key: z.string(),
  /** Where the key is kept: "keychain" (OS keychain, desktop app) or the key file's path (mode 0600). */
  keyLocation: z.string(),
  /** Why the server is not listening although enabled (every port taken, say). */
  error: z.string().nullable(),
});
export type LocalApiStatus = z.infer<typeof localApiStatusSchema>;

export const apiLogEntrySchema = z.object({
  at: z.number(),
  client: z.string(),
  method: z.string(),
  path: z.string(),
  status: z.number().int(),
  model: z.string().nullable(),
  promptTokens: z.number().int().nullable(),
  completionTokens: z.number().int().nullable(),
  ms: z.number(),
  error: z.string().nullable(),
  /** Only when the user turned content logging on. */
  question: z.string().optional(),
  answer: z.string().optional(),
});
export type ApiLogEntry = z.infer<typeof apiLogEntrySchema>;

/** A model's id in the API: its file name without `.gguf`. */
export function apiModelId(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.gguf$/i, "");
}
