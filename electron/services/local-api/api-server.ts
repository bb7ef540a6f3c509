/**
 * The local API's HTTP server, on 127.0.0.1 only: the guard's checks, the routes, body limits, one
 * generation at a time through the queue, and a log line for every request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type ApiLogEntry,
  apiModelId,
  OTHER_SERVERS_PORTS,
  type ReasoningFormat,
} from "../../shared/local-api-schemas.js";
import { type ApiError, errors } from "./api-errors.js";
import { ApiQueue } from "./api-queue.js";
import { prepareChat } from "./chat-request.js";
import { type ApiEngine, runCompletion, toApiError } from "./completions.js";
import { checkKey, checkPeer, corsHeaders } from "./http-guard.js";

/** 4 MB: far more than the longest conversation a context holds, small enough to read at once. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
const PORT_TRIES = 20;

export interface ApiConfig {
  key: string;
  allowedOrigins: readonly string[];
  reasoningFormat: ReasoningFormat;
  logContent: boolean;
}

export interface ApiModel {
  id: string;
  loaded: boolean;
}

export interface ApiServerOptions {
  engine: ApiEngine;
  /** Read on every request, so a new key or origin applies at once. */
  config(): ApiConfig;
  /** The ready model files; the loaded one is added from the engine's status. */
  readyModels(): Promise<string[]>;
  log(entry: ApiLogEntry): void;
  queue?: ApiQueue;
  maxBodyBytes?: number;
}

export interface ApiServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export const modelIdOf = apiModelId;

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) throw errors.tooLarge(limit);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw errors.tooLarge(limit);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (error) {
    throw errors.malformedJson((error as Error).message.slice(0, 200));
  }
}

function sendError(req: IncomingMessage, res: ServerResponse, error: ApiError, headers: Record<string, string>): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(error.status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    ...(error.status === 401 ? { "www-authenticate": "Bearer" } : {}),
    ...(error.retryAfter !== undefined ? { "retry-after": String(error.retryAfter) } : {}),
    // a body left unread (refused before it was read) ends the connection: the client must not reuse it
    ...(req.complete ? {} : { connection: "close" }),
  });
  res.end(JSON.stringify(error.body()));
}

export function createApiHandler(options: ApiServerOptions, port: () => number) {
  const queue = options.queue ?? new ApiQueue();
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;

  const listModels = async (): Promise<ApiModel[]> => {
    const loadedPath = options.engine.status().model?.path;
    const loaded = loadedPath ? modelIdOf(loadedPath) : null;
    const ready = (await options.readyModels()).map(modelIdOf).filter((id) => id !== loaded);
    return [...(loaded ? [{ id: loaded, loaded: true }] : []), ...ready.map((id) => ({ id, loaded: false }))];
  };
  const modelObject = (model: ApiModel) => ({
    id: model.id,
    object: "model",
    created: 0,
    owned_by: "inkstone",
    loaded: model.loaded,
  });

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = url.pathname.replace(/\/+$/, "") || "/";
    const entry: ApiLogEntry = {
      at: started,
      client: `${req.socket.remoteAddress ?? "?"} ${String(req.headers["user-agent"] ?? "").slice(0, 100)}`.trim(),
      method: req.method ?? "?",
      path: route.slice(0, 200),
      status: 200,
      model: null,
      promptTokens: null,
      completionTokens: null,
      ms: 0,
      error: null,
    };
    const config = options.config();
    let headers: Record<string, string> = {};
    const gone = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) gone.abort();
    });
    try {
      const refused = checkPeer(req, { port: port(), key: config.key, allowedOrigins: config.allowedOrigins });
      if (refused) throw refused;
      headers = corsHeaders(req, config.allowedOrigins);
      if (req.method === "OPTIONS") {
        res.writeHead(204, headers).end();
        entry.status = 204;
        return;
      }
      const unauthorised = checkKey(req, config.key);
      if (unauthorised) throw unauthorised;

      if (route === "/v1/models" || route.startsWith("/v1/models/")) {
        if (req.method !== "GET") throw errors.method(req.method ?? "?", route);
        const models = await listModels();
        let body: unknown;
        if (route === "/v1/models") body = { object: "list", data: models.map(modelObject) };
        else {
          const wanted = decodeURIComponent(route.slice("/v1/models/".length));
          const model = models.find((m) => m.id === wanted);
          if (!model) throw errors.unknownModel(wanted);
          body = modelObject(model);
        }
        res.writeHead(200, { ...headers, "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify(body));
        return;
      }
      if (route !== "/v1/chat/completions") throw errors.notFound(route);
      if (req.method !== "POST") throw errors.method(req.method ?? "?", route);

      const chat = prepareChat(await readJson(req, limit));
      entry.model = chat.model.slice(0, 255);
      if (config.logContent) entry.question = chat.history.at(-1)!.text.slice(0, 2000);
      const models = await listModels();
      const model = models.find((m) => m.id === chat.model);
      if (!model) throw errors.unknownModel(chat.model);
      if (!model.loaded) throw errors.modelNotLoaded(chat.model);

      const release = await queue.acquire(gone.signal).catch((error: unknown) => {
        if (gone.signal.aborted) return null;
        throw error;
      });
      if (!release) {
        entry.status = 499;
        entry.error = "client_closed";
        return;
      }
      try {
        const outcome = await runCompletion({
          engine: options.engine,
          chat,
          modelId: chat.model,
          reasoningFormat: config.reasoningFormat,
          signal: gone.signal,
          res,
          headers,
        });
        entry.promptTokens = outcome.promptTokens;
        entry.completionTokens = outcome.completionTokens;
        if (outcome.disconnected) {
          entry.status = 499;
          entry.error = "client_closed";
        }
        if (config.logContent) entry.answer = outcome.answer.slice(0, 4000);
      } finally {
        release();
      }
    } catch (error) {
      const apiError = toApiError(error);
      entry.status = apiError.status;
      entry.error = apiError.code;
      sendError(req, res, apiError, headers);
    } finally {
      entry.ms = Date.now() - started;
      options.log(entry);
    }
  };
}

function listen(server: Server, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      if (error.code === "EADDRINUSE" || error.code === "EACCES") resolve(false);
      else reject(error);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve(true);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, "127.0.0.1");
  });
}

/**
 * Listens on 127.0.0.1 at `port`, or the next free port above it (never one another local model
 * server uses by default). Port 0 picks any free port (tests).
 */
export async function startApiServer(options: ApiServerOptions, port: number): Promise<ApiServer> {
  let bound = 0;
  const handler = createApiHandler(options, () => bound);
  const server = createServer({ requestTimeout: 60_000, headersTimeout: 15_000 }, (req, res) => {
    void handler(req, res);
  });
  let listening = false;
  for (let candidate = port, tries = 0; tries < PORT_TRIES && candidate <= 65_535; candidate++) {
    if ((OTHER_SERVERS_PORTS as readonly number[]).includes(candidate)) continue;
    tries++;
    if (await listen(server, candidate)) {
      listening = true;
      break;
    }
    if (port === 0) break;
  }
  if (!listening) throw new Error(`Ports ${port}–${port + PORT_TRIES} are all taken: choose another port.`);
  bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
