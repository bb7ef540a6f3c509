/**
 * The API server's gate and limits, on a stand-in engine (no model needed): key, Host, Origin,
 * body size, malformed JSON, unknown routes, ports.
 */
import { request } from "node:http";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineStatus, GenerationEvent, GenerationResult } from "../../shared/engine-schemas.js";
import { LOCAL_API_DEFAULT_PORT, OTHER_SERVERS_PORTS } from "../../shared/local-api-schemas.js";
import { type ApiConfig, type ApiServer, MAX_BODY_BYTES, startApiServer } from "./api-server.js";
import type { ApiEngine } from "./completions.js";

const KEY = "sk-inkstone-test-key";
const config: ApiConfig = {
  key: KEY,
  allowedOrigins: ["http://localhost:3000"],
  reasoningFormat: "reasoning_content",
  logContent: false,
};

const fakeEngine: ApiEngine = {
  status: () => ({ model: { path: "/models/tiny.gguf" } }) as EngineStatus,
  async generate(_history, _settings, onEvent: (e: GenerationEvent) => void) {
    onEvent({ kind: "started" });
    onEvent({ kind: "reasoning", text: "think" });
    onEvent({ kind: "answer", text: "answer" });
    return {
      status: "complete",
      finishReason: "end",
      reasoning: "think",
      answer: "answer",
      reasoningUnfinished: false,
      contextShifted: false,
      metrics: {
        ttftMs: 1,
        ttfatMs: 1,
        totalMs: 1,
        promptTokens: 3,
        reasoningTokens: 1,
        answerTokens: 1,
        tokensPerSecond: null,
      },
    } satisfies GenerationResult;
  },
};

let server: ApiServer;
const logged: { status: number; error: string | null }[] = [];
beforeAll(async () => {
  server = await startApiServer(
    { engine: fakeEngine, config: () => config, readyModels: async () => [], log: (e) => logged.push(e) },
    0,
  );
});
afterAll(async () => {
  await server.close();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so that Host and Origin can be anything a browser or an attacker might send. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
  port = server.port,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const authed = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };
const chat = JSON.stringify({ model: "tiny", messages: [{ role: "user", content: "hi" }] });
const corsOf = (reply: Reply) => Object.keys(reply.headers).filter((h) => h.startsWith("access-control-"));

describe("local API gate", () => {
  it("answers a well-formed request with the key", async () => {
    const reply = await send("POST", "/v1/chat/completions", authed, chat);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).choices[0].message).toEqual({
      role: "assistant",
      content: "answer",
      reasoning_content: "think",
    });
  });

  it("refuses a request without a key, or with a wrong one, with 401 in OpenAI's shape", async () => {
    const none = await send("GET", "/v1/models", {});
    expect(none.status).toBe(401);
    expect(none.headers["www-authenticate"]).toBe("Bearer");
    expect(JSON.parse(none.body).error).toMatchObject({ type: "authentication_error", code: "missing_api_key" });
    const wrong = await send("GET", "/v1/models", { authorization: `Bearer ${KEY}x` });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body).error.code).toBe("invalid_api_key");
    expect(JSON.parse(wrong.body).error.message).toMatch(/Wrong API key.*API 密钥不正确/);
  });

  it("refuses a foreign Host (DNS rebinding) even with the right key; accepts localhost and [::1]", async () => {
    const rebound = await send("GET", "/v1/models", { ...authed, host: `evil.example:${server.port}` });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).error.code).toBe("forbidden_host");
    const otherPort = await send("GET", "/v1/models", { ...authed, host: "127.0.0.1:1" });
    expect(otherPort.status).toBe(403);
    for (const host of [`localhost:${server.port}`, `[::1]:${server.port}`]) {
      expect((await send("GET", "/v1/models", { ...authed, host })).status).toBe(200);
    }
  });

  it("refuses a foreign Origin with no CORS headers; an added exact origin gets them", async () => {
    const foreign = await send("POST", "/v1/chat/completions", { ...authed, origin: "http://evil.example" }, chat);
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).error.code).toBe("forbidden_origin");
    expect(corsOf(foreign)).toEqual([]);
    const preflight = await send("OPTIONS", "/v1/chat/completions", { origin: "http://evil.example" });
    expect(preflight.status).toBe(403);
    expect(corsOf(preflight)).toEqual([]);
    const lookalike = await send("GET", "/v1/models", { ...authed, origin: "http://localhost:3000.evil.example" });
    expect(lookalike.status).toBe(403);
    const allowed = await send("OPTIONS", "/v1/chat/completions", { origin: "http://localhost:3000" });
    expect(allowed.status).toBe(204);
    expect(allowed.headers["access-control-allow-origin"]).toBe("http://localhost:3000");
    expect(allowed.headers["access-control-allow-credentials"]).toBeUndefined();
    const call = await send("GET", "/v1/models", { ...authed, origin: "http://localhost:3000" });
    expect(call.status).toBe(200);
    expect(call.headers["access-control-allow-origin"]).toBe("http://localhost:3000");
    const noOrigin = await send("GET", "/v1/models", authed);
    expect(corsOf(noOrigin)).toEqual([]);
  });

  it("refuses a body over the limit with 413, declared or not", async () => {
    const big = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
    const declared = await send("POST", "/v1/chat/completions", authed, big);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).error.code).toBe("request_too_large");
    const chunked = await send("POST", "/v1/chat/completions", { ...authed, "transfer-encoding": "chunked" }, big);
    expect(chunked.status).toBe(413);
  });

  it("refuses malformed JSON and invalid parameters with 400 naming the parameter", async () => {
    const broken = await send("POST", "/v1/chat/completions", authed, '{"model": "tiny", "messages": [');
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body).error).toMatchObject({ type: "invalid_request_error", code: "invalid_json" });
    const badTemperature = await send(
      "POST",
      "/v1/chat/completions",
      authed,
      JSON.stringify({ model: "tiny", messages: [{ role: "user", content: "x" }], temperature: 5 }),
    );
    expect(badTemperature.status).toBe(400);
    expect(JSON.parse(badTemperature.body).error.param).toBe("temperature");
    const tools = await send(
      "POST",
      "/v1/chat/completions",
      authed,
      JSON.stringify({ model: "tiny", messages: [{ role: "user", content: "x" }], tools: [{ type: "function" }] }),
    );
    expect(JSON.parse(tools.body).error).toMatchObject({ param: "tools", code: "unsupported_parameter" });
  });

  it("offers nothing that manages models or files", async () => {
    for (const [method, path] of [
      ["POST", "/v1/models"],
      ["DELETE", "/v1/models/tiny"],
      ["POST", "/v1/files"],
      ["POST", "/api/pull"],
    ] as const) {
      const reply = await send(method, path, authed, "{}");
      expect([404, 405]).toContain(reply.status);
      expect(JSON.parse(reply.body).error).toBeDefined();
    }
  });

  it("logs every request, refused ones too, without content", () => {
    expect(logged.some((e) => e.status === 401)).toBe(true);
    expect(logged.some((e) => e.status === 403)).toBe(true);
    expect(logged.every((e) => !("question" in e) && !("answer" in e))).toBe(true);
  });
});

describe("local API port", () => {
  it("defaults to a port no other local model server uses, and takes the next free one when it is taken", async () => {
    expect(OTHER_SERVERS_PORTS).not.toContain(LOCAL_API_DEFAULT_PORT);
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const taken = (blocker.address() as { port: number }).port;
    const next = await startApiServer(
      { engine: fakeEngine, config: () => config, readyModels: async () => [], log: () => {} },
      taken,
    );
    try {
      expect(next.port).toBeGreaterThan(taken);
      expect(next.url).toBe(`http://127.0.0.1:${next.port}/v1`);
      const reply = await send("GET", "/v1/models", authed, undefined, next.port);
      expect(reply.status).toBe(200);
    } finally {
      await next.close();
      blocker.close();
    }
  });
});
