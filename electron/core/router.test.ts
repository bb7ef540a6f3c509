import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { contract } from "../shared/contract/index.js";
import { call, type StreamMessage, stream } from "../shared/contract-kit.js";
import { type Handlers, Router } from "./router.js";

function spyHandlers(): Handlers<typeof contract> & Record<string, ReturnType<typeof vi.fn>> {
  return Object.fromEntries(Object.keys(contract).map((name) => [name, vi.fn(async () => ({}))])) as never;
}

const malformedPayloads: unknown[] = [42, "text", null, [1, 2], { unexpected: true, __proto__: { x: 1 } }];

describe("Router with the app's contract", () => {
  for (const [name, def] of Object.entries(contract)) {
    it(`${name}: malformed payloads get a typed error and never reach the handler`, async () => {
      const handlers = spyHandlers();
      const router = new Router(contract, handlers);
      for (const payload of malformedPayloads) {
        let envelope: unknown;
        if (def.kind === "call") envelope = await router.invoke(name, payload);
        else {
          const messages: StreamMessage[] = [];
          router.stream(name, payload, `req-${Math.random().toString(36).slice(2)}`, (m) => messages.push(m));
          envelope = (messages.at(-1) as Extract<StreamMessage, { type: "end" }>).result;
        }
        expect(envelope).toMatchObject({ ok: false, error: { code: "invalid_request" } });
      }
      expect(handlers[name]).not.toHaveBeenCalled();
    });
  }

  it("refuses unknown channels and prototype keys", async () => {
    const router = new Router(contract, spyHandlers());
    expect(await router.invoke("nope", {})).toMatchObject({ ok: false, error: { code: "unknown_channel" } });
    expect(await router.invoke("__proto__", {})).toMatchObject({ ok: false, error: { code: "unknown_channel" } });
    expect(await router.invoke("constructor", {})).toMatchObject({ ok: false, error: { code: "unknown_channel" } });
  });

  it("passes a valid call through and returns the handler's response", async () => {
    const router = new Router(contract, {
      ...spyHandlers(),
      "app.echo": async ({ text }) => ({ text: text.toUpperCase(), receivedAt: 1 }),
    });
    expect(await router.invoke("app.echo", { text: "hi" })).toEqual({ ok: true, data: { text: "HI", receivedAt: 1 } });
  });

  it("reports a handler's invalid response instead of passing it on", async () => {
    const router = new Router(contract, { ...spyHandlers(), "app.echo": async () => ({ wrong: 1 }) as never });
    expect(await router.invoke("app.echo", { text: "x" })).toMatchObject({
      ok: false,
      error: { code: "invalid_response" },
    });
  });
});

const testContract = {
  count: stream({
    request: z.object({ n: z.number().int().min(0) }),
    response: z.object({ sent: z.number() }),
    event: z.object({ kind: z.enum(["a", "b"]), text: z.string(), tokens: z.number().optional() }),
  }),
  ping: call({ request: z.object({}), response: z.object({}) }),
};

describe("Router streams", () => {
  it("coalesces a burst of events into few messages, exact concatenation, end last", async () => {
    const router = new Router(testContract, {
      ping: async () => ({}),
      count: async ({ n }, { emit }) => {
        for (let i = 0; i < n; i++) emit({ kind: "a", text: `${i},`, tokens: 1 });
        emit({ kind: "b", text: "done" });
        return { sent: n };
      },
    });
    const messages: StreamMessage[] = [];
    const ended = new Promise<void>((resolve) =>
      router.stream("count", { n: 1000 }, "r1", (m) => {
        messages.push(m);
        if (m.type === "end") resolve();
      }),
    );
    await ended;
    const batches = messages.filter((m) => m.type === "events");
    expect(batches.length).toBeLessThan(5);
    const events = batches.flatMap((m) => (m as { events: { kind: string; text: string; tokens?: number }[] }).events);
    const aText = events
      .filter((e) => e.kind === "a")
      .map((e) => e.text)
      .join("");
    expect(aText).toBe(Array.from({ length: 1000 }, (_, i) => `${i},`).join(""));
    expect(events.filter((e) => e.kind === "a").reduce((s, e) => s + (e.tokens ?? 0), 0)).toBe(1000);
    expect(events.at(-1)).toEqual({ kind: "b", text: "done" });
    expect(messages.at(-1)).toEqual({ type: "end", requestId: "r1", result: { ok: true, data: { sent: 1000 } } });
  });

  it("sends at most one message per interval while a stream trickles", async () => {
    const router = new Router(
      testContract,
      {
        ping: async () => ({}),
        count: async ({ n }, { emit }) => {
          for (let i = 0; i < n; i++) {
            emit({ kind: "a", text: "x" });
            await new Promise((r) => setTimeout(r, 1));
          }
          return { sent: n };
        },
      },
      { coalesceMs: 16 },
    );
    const times: number[] = [];
    let text = "";
    await new Promise<void>((resolve) =>
      router.stream("count", { n: 200 }, "r2", (m) => {
        if (m.type === "events") {
          times.push(performance.now());
          text += (m.events as { text: string }[]).map((e) => e.text).join("");
        } else resolve();
      }),
    );
    expect(text).toBe("x".repeat(200));
    expect(times.length).toBeLessThan(200 / 3);
    // every gap but the last (the final flush is sent at once when the stream ends)
    const gaps = times.slice(1, -1).map((t, i) => t - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(14);
  });

  it("cancel aborts the handler, keeps what was emitted, and ends the stream", async () => {
    let sawAbort = false;
    const router = new Router(testContract, {
      ping: async () => ({}),
      count: async (_req, { emit, signal }) => {
        let sent = 0;
        while (!signal.aborted) {
          emit({ kind: "a", text: "y" });
          sent++;
          await new Promise((r) => setTimeout(r, 2));
        }
        sawAbort = true;
        return { sent };
      },
    });
    const messages: StreamMessage[] = [];
    const done = new Promise<void>((resolve) =>
      router.stream("count", { n: 0 }, "r3", (m) => {
        messages.push(m);
        if (m.type === "end") resolve();
      }),
    );
    await new Promise((r) => setTimeout(r, 60));
    expect(router.cancel("r3")).toBe(true);
    await done;
    expect(sawAbort).toBe(true);
    const end = messages.at(-1) as Extract<StreamMessage, { type: "end" }>;
    const text = messages
      .flatMap((m) => (m.type === "events" ? (m.events as { text: string }[]) : []))
      .map((e) => e.text)
      .join("");
    expect(end.result).toEqual({ ok: true, data: { sent: text.length } });
    expect(router.activeStreams).toBe(0);
  });

  it("refuses a duplicate request id while the first stream runs", async () => {
    const router = new Router(testContract, {
      ping: async () => ({}),
      count: async (_r, { signal }) => {
        await new Promise((r) => signal.addEventListener("abort", r));
        return { sent: 0 };
      },
    });
    expect(router.stream("count", { n: 1 }, "dup", () => {})).toBe(true);
    expect(router.stream("count", { n: 1 }, "dup", () => {})).toBe(false);
    router.cancel("dup");
  });
});
