/**
 * Building blocks of the IPC contract: how a channel is declared, the typed error shape, and the
 * messages both transports (Electron IPC and the web-mode WebSocket) carry. No runtime dependency
 * but zod, so the preload bundle and the renderer can import it.
 */
import { z } from "zod";

// zod compiles a schema to code with `new Function` the first time it parses with it: tens of milliseconds on the
// main thread for the contract's larger schemas (the first finished answer), and refused anyway by the renderer's
// CSP. Its interpreter parses the contract's payloads as fast once warm, so it is used everywhere.
z.config({ jitless: true });

export const errorCodes = [
  "invalid_request",
  "invalid_response",
  "unknown_channel",
  "forbidden",
  "cancelled",
  "not_found",
  "busy",
  "engine_crashed",
  "engine_error",
  "model_error",
  "io_error",
  "internal",
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** Longest message (either language) an error carries: enough for a sentence around a library's own words. */
export const MAX_ERROR_MESSAGE = 4_000;

export const ipcErrorSchema = z.object({
  code: z.enum(errorCodes),
  /** English: always present, also for logs and for programs. */
  message: z.string().max(MAX_ERROR_MESSAGE),
  /** Simplified Chinese, where the service worded it; the renderer shows it when the UI is in Chinese. */
  messageZh: z.string().max(MAX_ERROR_MESSAGE).optional(),
  details: z.unknown().optional(),
});
export type IpcError = z.infer<typeof ipcErrorSchema>;

/** A message in both languages the app speaks. */
export interface LocalizedMessage {
  en: string;
  zh: string;
}

/**
 * An error a handler throws to give the caller a specific code and message.
 *
 * Rule: product code words its message in both languages, `new InkstoneError(code, { en, zh }, details)`; where
 * the message embeds a library's or a server's own text (`${error.message}`), the sentence around it is
 * translated and the embedded text kept as is. A plain string is accepted only for text that is not ours,
 * passed through whole (and in tests); the source scan in contract-kit-messages.test.ts refuses it in product
 * code unless the line above says `// english-only: <why>`. An error received from elsewhere is rebuilt with
 * `InkstoneError.from` or copied with `withDetails`, which keep its Chinese.
 * (electron/services/local-api answers other programs in OpenAI's format: English there is right.)
 */
export class InkstoneError extends Error {
  readonly messageZh?: string;
  constructor(
    readonly code: ErrorCode,
    message: string | LocalizedMessage,
    readonly details?: unknown,
  ) {
    super(typeof message === "string" ? message : message.en);
    this.name = "InkstoneError";
    if (typeof message !== "string") this.messageZh = message.zh;
  }
  /** Rebuilds an error that crossed a process or thread boundary, Chinese included. */
  static from(error: { code: ErrorCode; message: string; messageZh?: string; details?: unknown }): InkstoneError {
    const words = error.messageZh === undefined ? error.message : { en: error.message, zh: error.messageZh };
    return new InkstoneError(error.code, words, error.details);
  }
  /** The same error (code and both messages) with other details. */
  withDetails(details: unknown): InkstoneError {
    return InkstoneError.from({ code: this.code, message: this.message, messageZh: this.messageZh, details });
  }
  toJSON(): IpcError {
    const json: IpcError = { code: this.code, message: this.message };
    if (this.messageZh !== undefined) json.messageZh = this.messageZh;
    if (this.details !== undefined) json.details = this.details;
    return json;
  }
}

export interface CallChannel<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly kind: "call";
  readonly request: Req;
  readonly response: Res;
}
export interface StreamChannel<
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
  Ev extends z.ZodType = z.ZodType,
> {
  readonly kind: "stream";
  readonly request: Req;
  readonly response: Res;
  readonly event: Ev;
}
export type ChannelDef = CallChannel | StreamChannel;
export type ContractDef = Record<string, ChannelDef>;

export const call = <Req extends z.ZodType, Res extends z.ZodType>(def: {
  request: Req;
  response: Res;
}): CallChannel<Req, Res> => ({ kind: "call", ...def });

export const stream = <Req extends z.ZodType, Res extends z.ZodType, Ev extends z.ZodType>(def: {
  request: Req;
  response: Res;
  event: Ev;
}): StreamChannel<Req, Res, Ev> => ({ kind: "stream", ...def });

export type CallNames<C extends ContractDef> = { [K in keyof C]: C[K] extends CallChannel ? K : never }[keyof C] &
  string;
export type StreamNames<C extends ContractDef> = {
  [K in keyof C]: C[K] extends StreamChannel ? K : never;
}[keyof C] &
  string;
export type RequestOf<C extends ContractDef, K extends keyof C> = z.input<C[K]["request"]>;
export type ParsedRequestOf<C extends ContractDef, K extends keyof C> = z.output<C[K]["request"]>;
export type ResponseOf<C extends ContractDef, K extends keyof C> = z.output<C[K]["response"]>;
export type EventOf<C extends ContractDef, K extends keyof C> =
  C[K] extends StreamChannel<z.ZodType, z.ZodType, infer E> ? z.output<E> : never;

/** Result of one call as it crosses a transport. */
export type Envelope<T = unknown> = { ok: true; data: T } | { ok: false; error: IpcError };

/** Messages for one stream, main → renderer. Events arrive coalesced, in batches. */
export type StreamMessage =
  | { type: "events"; requestId: string; events: unknown[] }
  | { type: "end"; requestId: string; result: Envelope };

/** A broadcast from main that is not tied to a request (engine state, download progress). */
export interface Notification {
  name: string;
  data: unknown;
}

/**
 * The low-level bridge both transports provide to the renderer: the preload exposes it as
 * `window.inkstone`, and the web-mode WebSocket client implements the same shape.
 */
export interface InkstoneBridge {
  readonly channels: readonly string[];
  invoke(channel: string, payload: unknown): Promise<Envelope>;
  stream(channel: string, payload: unknown, onMessage: (message: StreamMessage) => void): string;
  cancel(requestId: string): void;
  onNotify(listener: (notification: Notification) => void): () => void;
}

export function summarizeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "(payload)"}: ${issue.message}`)
    .join("; ");
}
