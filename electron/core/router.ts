/**
 * Transport-agnostic dispatcher for the contract: every call and stream goes through here, so
 * payload validation, error shaping, cancellation and stream coalescing live in one place. The
 * Electron IPC bridge and the web-mode WebSocket server only check the sender and forward.
 */
import type { z } from "zod";
import {
  type CallNames,
  type ContractDef,
  type Envelope,
  type EventOf,
  InkstoneError,
  type IpcError,
  type ParsedRequestOf,
  type ResponseOf,
  type StreamMessage,
  type StreamNames,
  summarizeZodError,
} from "../shared/contract-kit.js";
import { StreamCoalescer } from "./stream-coalescer.js";

export interface HandlerContext {
  signal: AbortSignal;
  requestId: string;
}
export interface StreamContext<E> extends HandlerContext {
  emit(event: E): void;
}

export type Handlers<C extends ContractDef> = {
  [K in CallNames<C>]: (request: ParsedRequestOf<C, K>, ctx: HandlerContext) => Promise<ResponseOf<C, K>>;
} & {
  [K in StreamNames<C>]: (
    request: ParsedRequestOf<C, K>,
    ctx: StreamContext<EventOf<C, K>>,
  ) => Promise<ResponseOf<C, K>>;
};

export const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function toIpcError(error: unknown): IpcError {
  if (error instanceof InkstoneError) return error.toJSON();
  if (error instanceof Error && error.name === "AbortError")
    return { code: "cancelled", message: "Cancelled.", messageZh: "已取消。" };
  const message = error instanceof Error ? error.message : String(error);
  return message
    ? { code: "internal", message }
    : { code: "internal", message: "Unexpected error.", messageZh: "发生了意外错误。" };
}

type AnyHandler = (request: unknown, ctx: StreamContext<unknown>) => Promise<unknown>;

export interface RouterOptions {
  coalesceMs?: number;
  /** Called with every refused or failed request, for the log. */
  onError?: (channel: string, error: IpcError) => void;
}

export class Router<C extends ContractDef> {
  private readonly active = new Map<string, { controller: AbortController; coalescer: StreamCoalescer }>();

  constructor(
    readonly contract: C,
    private readonly handlers: NoInfer<Handlers<C>>,
    private readonly options: RouterOptions = {},
  ) {
    for (const name of Object.keys(contract)) {
      if (typeof (handlers as Record<string, unknown>)[name] !== "function") {
        throw new Error(`No handler registered for channel "${name}"`);
      }
    }
  }

  private fail(channel: string, error: IpcError): Envelope {
    this.options.onError?.(channel, error);
    return { ok: false, error };
  }

  private lookup(channel: unknown, kind: "call" | "stream"): C[keyof C] | IpcError {
    if (typeof channel !== "string" || !Object.hasOwn(this.contract, channel)) {
      return {
        code: "unknown_channel",
        message: `Unknown channel: ${String(channel).slice(0, 80)}`,
        messageZh: `未知的通道：${String(channel).slice(0, 80)}`,
      };
    }
    const def = this.contract[channel as keyof C]!;
    if (def.kind !== kind) {
      return {
        code: "invalid_request",
        message: `Channel ${channel} is a ${def.kind}, not a ${kind}.`,
        messageZh: `通道 ${channel} 是 ${def.kind}，不是 ${kind}。`,
      };
    }
    return def;
  }

  private parse(def: C[keyof C], payload: unknown): { ok: true; value: unknown } | { ok: false; error: IpcError } {
    const parsed = (def.request as z.ZodType).safeParse(payload);
    if (parsed.success) return { ok: true, value: parsed.data };
    return {
      ok: false,
      error: {
        code: "invalid_request",
        message: `Invalid request: ${summarizeZodError(parsed.error)}`,
        messageZh: `请求无效：${summarizeZodError(parsed.error)}`,
      },
    };
  }

  private async run(channel: string, def: C[keyof C], value: unknown, ctx: StreamContext<unknown>): Promise<Envelope> {
    try {
      const handler = (this.handlers as unknown as Record<string, AnyHandler>)[channel]!;
      const result = await handler(value, ctx);
      const checked = (def.response as z.ZodType).safeParse(result);
      if (!checked.success) {
        return this.fail(channel, {
          code: "invalid_response",
          message: `Handler for ${channel} returned an invalid response: ${summarizeZodError(checked.error)}`,
          messageZh: `${channel} 的处理程序返回了无效的响应：${summarizeZodError(checked.error)}`,
        });
      }
      return { ok: true, data: checked.data };
    } catch (error) {
      if (ctx.signal.aborted)
        return { ok: false, error: { code: "cancelled", message: "Cancelled.", messageZh: "已取消。" } };
      return this.fail(channel, toIpcError(error));
    }
  }

  /** A request/response call. Never throws: failures come back as `{ ok: false, error }`. */
  async invoke(channel: unknown, payload: unknown): Promise<Envelope> {
    const def = this.lookup(channel, "call");
    if ("code" in def) return this.fail(String(channel), def);
    const parsed = this.parse(def, payload);
    if (!parsed.ok) return this.fail(channel as string, parsed.error);
    const controller = new AbortController();
    return this.run(channel as string, def, parsed.value, {
      signal: controller.signal,
      requestId: "call",
      emit: () => {},
    });
  }

  /**
   * Starts a stream. Its events reach `sink` coalesced and validated, then exactly one `end`.
   * Returns false (after sending `end` with the error) when the request is refused.
   */
  stream(channel: unknown, payload: unknown, requestId: unknown, sink: (message: StreamMessage) => void): boolean {
    if (typeof requestId !== "string" || !REQUEST_ID_PATTERN.test(requestId) || this.active.has(requestId)) {
      const error: IpcError = {
        code: "invalid_request",
        message: "Missing, malformed or duplicate request id.",
        messageZh: "请求 ID 缺失、格式错误或重复。",
      };
      this.options.onError?.(String(channel), error);
      if (typeof requestId === "string" && REQUEST_ID_PATTERN.test(requestId) && !this.active.has(requestId)) {
        sink({ type: "end", requestId, result: { ok: false, error } });
      }
      return false;
    }
    const end = (result: Envelope) => sink({ type: "end", requestId, result });
    const def = this.lookup(channel, "stream");
    if ("code" in def) {
      end(this.fail(String(channel), def));
      return false;
    }
    const parsed = this.parse(def, payload);
    if (!parsed.ok) {
      end(this.fail(channel as string, parsed.error));
      return false;
    }
    const eventSchema = (def as unknown as { event: z.ZodType }).event;
    const controller = new AbortController();
    const coalescer = new StreamCoalescer((events) => sink({ type: "events", requestId, events }), {
      intervalMs: this.options.coalesceMs,
    });
    this.active.set(requestId, { controller, coalescer });
    const emit = (event: unknown) => {
      if (controller.signal.aborted) return;
      const checked = eventSchema.safeParse(event);
      if (!checked.success) throw new Error(`Invalid ${channel} event: ${summarizeZodError(checked.error)}`);
      coalescer.push(checked.data);
    };
    void this.run(channel as string, def, parsed.value, { signal: controller.signal, requestId, emit }).then(
      (result) => {
        coalescer.close();
        this.active.delete(requestId);
        end(result);
      },
    );
    return true;
  }

  /** Cancels a running stream: its handler sees the abort, pending events are flushed, then `end`. */
  cancel(requestId: string): boolean {
    const entry = this.active.get(requestId);
    if (!entry) return false;
    entry.controller.abort();
    return true;
  }

  cancelMany(requestIds: Iterable<string>): void {
    for (const id of requestIds) this.cancel(id);
  }

  get activeStreams(): number {
    return this.active.size;
  }
}
