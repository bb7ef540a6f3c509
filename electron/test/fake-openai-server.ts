/**
 * A fake OpenAI-compatible server on loopback, for the remote-engine tests: each request to
 * /v1/chat/completions gets the reply the test scripted (status, JSON, or a stream of SSE steps:
 * events, raw bytes, pauses, a drop), and the server records what it was asked and when each
 * connection closed. /v1/models, /health and /props answer what the test set. With `contextTokens`
 * it refuses, as llama-server and vLLM do (HTTP 400), a request whose prompt (counted by
 * `fakeTokens`, which /tokenize also answers with when `tokenize` is on) and max_tokens exceed it.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Step =
  | { data: unknown }
  | { raw: string }
  | { wait: number }
  /** Destroys the socket: the stream drops mid-answer. */
  | { drop: true };

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
  steps?: Step[];
  /** Never answer (headers never come). */
  hang?: boolean;
}

export interface Received {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
  closedAt: number | null;
  /** The prompt's size as the fake counts it (messages' tokens and 4 a message). */
  promptTokens: number;
}

/** The fake's tokenizer: one token per 4 characters (an estimate of 3.5 a token over-counts it, as it should). */
export const fakeTokens = (text: string): number => Math.ceil(text.length / 4);

/** A streamed chat chunk in OpenAI's shape. */
export function delta(fields: Record<string, unknown>, finish: string | null = null): unknown {
  return { id: "c1", object: "chat.completion.chunk", choices: [{ index: 0, delta: fields, finish_reason: finish }] };
}

/** Steps that send each text as one delta of `field`, then finish and [DONE]. */
export function streamOf(
  parts: [field: string, text: string][],
  options: { done?: boolean; usage?: unknown } = {},
): Step[] {
  return [
    ...parts.map(([field, text]) => ({ data: delta({ [field]: text }) })),
    { data: delta({}, "stop") },
    ...(options.usage ? [{ data: { choices: [], usage: options.usage } }] : []),
    ...(options.done === false ? [] : [{ raw: "data: [DONE]\n\n" }]),
  ];
}

export interface FakeServer {
  url: string;
  received: Received[];
  /** The next chat replies, in order (the last one repeats). */
  replies: Reply[];
  models: unknown;
  props: unknown;
  apiKey: string | null;
  /** The context a request gets: longer requests are refused with HTTP 400 (null: no limit). */
  contextTokens: number | null;
  /** Answer llama-server's POST /tokenize (counted by fakeTokens). */
  tokenize: boolean;
  close(): Promise<void>;
}

export async function startFakeOpenAI(options: { apiKey?: string } = {}): Promise<FakeServer> {
  const sockets = new Set<import("node:net").Socket>();
  const fake: FakeServer = {
    url: "",
    received: [],
    replies: [],
    models: { object: "list", data: [{ id: "fake-r1", object: "model", max_model_len: 16384 }] },
    props: null,
    apiKey: options.apiKey ?? null,
    contextTokens: null,
    tokenize: false,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? "/").split("?")[0]!;
    if (fake.apiKey && req.headers.authorization !== `Bearer ${fake.apiKey}`) {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "Invalid API Key", type: "authentication_error", code: 401 } }));
      return;
    }
    if (req.method === "GET") {
      const json =
        path === "/v1/models"
          ? fake.models
          : path === "/health"
            ? { status: "ok" }
            : path === "/props"
              ? fake.props
              : null;
      res.writeHead(json ? 200 : 404, { "content-type": "application/json" });
      res.end(JSON.stringify(json ?? { error: { message: "File Not Found", code: 404 } }));
      return;
    }
    if (path === "/tokenize" && fake.tokenize) {
      const content = (JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { content?: string }).content;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ tokens: new Array(fakeTokens(content ?? "")).fill(1) }));
      return;
    }
    if (path !== "/v1/chat/completions") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "File Not Found", code: 404 } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
    const messages = Array.isArray(body.messages) ? (body.messages as { content?: unknown }[]) : [];
    const promptTokens = messages.reduce((sum, m) => sum + 4 + fakeTokens(String(m.content ?? "")), 0);
    const record: Received = { path, authorization: req.headers.authorization, body, closedAt: null, promptTokens };
    fake.received.push(record);
    const asked = promptTokens + (typeof body.max_tokens === "number" ? body.max_tokens : 0);
    if (fake.contextTokens !== null && asked > fake.contextTokens) {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: {
            code: 400,
            message: "the request exceeds the available context size, try increasing it",
            type: "exceed_context_size_error",
            n_prompt_tokens: promptTokens,
            n_ctx: fake.contextTokens,
          },
        }),
      );
      return;
    }
    res.on("close", () => {
      record.closedAt = Date.now();
    });
    const reply = (fake.replies.length > 1 ? fake.replies.shift() : fake.replies[0]) ?? {
      steps: streamOf([["content", "ok"]]),
    };
    if (reply.hang) return;
    if (!reply.steps) {
      res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
      res.end(reply.text ?? JSON.stringify(reply.json ?? {}));
      return;
    }
    res.writeHead(reply.status ?? 200, { "content-type": "text/event-stream", ...reply.headers });
    for (const step of reply.steps) {
      if (res.destroyed) return;
      if ("wait" in step) await new Promise((resolve) => setTimeout(resolve, step.wait));
      else if ("drop" in step) {
        res.socket?.destroy();
        return;
      } else if ("raw" in step) res.write(step.raw);
      else res.write(`data: ${JSON.stringify(step.data)}\n\n`);
    }
    res.end();
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
