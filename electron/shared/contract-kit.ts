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

export const ipcErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.unknown().optional(),
});
export type IpcError = z.infer<typeof ipcErrorSchema>;

/** An error a handler throws to give the caller a specific code and message. */
export class InkstoneError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "InkstoneError";
  }
  toJSON(): IpcError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
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
