/**
 * Web mode: the same services as the desktop app, the built renderer served over HTTP, and the
 * contract over a WebSocket, all on 127.0.0.1 only. A per-launch token in the URL, an Origin and
 * Host check, and a loopback peer check keep other sites and other machines out.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import type { Notifier } from "../core/notifier.js";
import type { Router } from "../core/router.js";
import { rendererHeaders, serveStatic } from "../services/static-site/static-files.js";
import type { Contract } from "../shared/contract/index.js";
import type { Notification, StreamMessage } from "../shared/contract-kit.js";
import { OFF_THREAD_BYTES, parseJsonOffThread } from "./json-off-thread.js";
import { clientMessageSchema, MAX_MESSAGE_BYTES, WS_PATH } from "./ws-protocol.js";

export interface WebServerOptions {
  router: Router<Contract>;
  notifier: Notifier;
  rendererDir: string;
  port?: number;
  host?: string;
  token?: string;
  log?: (line: string) => void;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  origin: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

export function isLoopbackAddress(address: string | undefined): boolean {
  return address !== undefined && (LOOPBACK.has(address) || /^(::ffff:)?127\./.test(address));
}

function tokensEqual(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopbackAddress(host)) throw new Error(`Web mode listens on loopback only, not ${host}`);
  const token = options.token ?? randomBytes(24).toString("base64url");
  const log = options.log ?? (() => {});
  let origin = "";
  let allowedHosts = new Set<string>();

  const refuse = (req: IncomingMessage): string | null => {
    if (!isLoopbackAddress(req.socket.remoteAddress)) return "non-loopback peer";
    if (!allowedHosts.has(req.headers.host ?? "")) return "unexpected Host header";
    return null;
  };

  const server: Server = createServer((req, res) => {
    const why = refuse(req);
    if (why) {
      log(`[web] refused HTTP request: ${why}`);
      res.writeHead(403, { "content-type": "text/plain; charset=utf-8" });
      res.end("Forbidden");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405).end();
      return;
    }
    const url = new URL(req.url ?? "/", origin);
    void serveStatic(options.rendererDir, url.pathname, res, {
      ...rendererHeaders([origin.replace(/^http/, "ws")]),
      "referrer-policy": "no-referrer",
      "cross-origin-opener-policy": "same-origin",
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", origin);
    const why =
      refuse(req) ??
      (url.pathname !== WS_PATH ? "wrong path" : null) ??
      (req.headers.origin !== origin ? `foreign Origin ${String(req.headers.origin)}` : null) ??
      (!tokensEqual(url.searchParams.get("token"), token) ? "missing or wrong token" : null);
    if (why) {
      log(`[web] refused WebSocket: ${why}`);
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws));
  });

  const serveConnection = (ws: WebSocket) => {
    const streams = new Set<string>();
    const send = (message: unknown) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
    };
    const unsubscribe = options.notifier.subscribe((n: Notification) => send({ type: "notify", ...n }));
    const handle = (reply: { ok: true; value: unknown } | { ok: false }) => {
      if (!reply.ok) {
        send({ type: "error", error: { code: "invalid_request", message: "Message is not JSON." } });
        return;
      }
      const parsed = reply.value;
      const message = clientMessageSchema.safeParse(parsed);
      if (!message.success) {
        send({ type: "error", error: { code: "invalid_request", message: "Malformed message." } });
        return;
      }
      const m = message.data;
      if (m.type === "invoke") {
        void options.router.invoke(m.channel, m.payload).then((result) => send({ type: "result", id: m.id, result }));
      } else if (m.type === "stream") {
        const sink = (s: StreamMessage) => {
          if (s.type === "end") streams.delete(s.requestId);
          send(s);
        };
        streams.add(m.requestId);
        if (!options.router.stream(m.channel, m.payload, m.requestId, sink)) streams.delete(m.requestId);
      } else if (streams.has(m.requestId)) {
        options.router.cancel(m.requestId);
      }
    };
    // large messages are parsed in a worker; later messages wait for them, so the order holds
    let queue: Promise<void> | null = null;
    ws.on("message", (raw: Buffer) => {
      const parseHere = (): { ok: true; value: unknown } | { ok: false } => {
        try {
          return { ok: true as const, value: JSON.parse(raw.toString()) as unknown };
        } catch {
          return { ok: false as const };
        }
      };
      if (raw.length <= OFF_THREAD_BYTES && !queue) return handle(parseHere());
      const parsed: Promise<{ ok: true; value: unknown } | { ok: false }> =
        raw.length > OFF_THREAD_BYTES ? parseJsonOffThread(raw) : Promise.resolve().then(parseHere);
      const next: Promise<void> = (queue ?? Promise.resolve()).then(() => parsed).then(handle);
      queue = next;
      void next.finally(() => {
        if (queue === next) queue = null;
      });
    });
    ws.on("close", () => {
      unsubscribe();
      options.router.cancelMany(streams);
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = host.includes(":") ? `[${host}]` : host;
  origin = `http://${hostForUrl}:${port}`;
  allowedHosts = new Set([`${hostForUrl}:${port}`]);
  return {
    url: `${origin}/?token=${token}`,
    port,
    token,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
