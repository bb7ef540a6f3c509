import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { type AppServices, createAppServices } from "../core/app-services.js";
import { contract } from "../shared/contract/index.js";
import { startWebServer, type WebServer } from "./web-server.js";
import { MAX_MESSAGE_BYTES } from "./ws-protocol.js";

let dir: string;
let services: AppServices;
let server: WebServer;
const refusals: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "inkstone-web-"));
  await writeFile(path.join(dir, "index.html"), "<!doctype html><title>t</title>");
  services = await createAppServices({ dataDir: path.join(dir, "data"), mode: "web", version: "0.0.0-test" });
  server = await startWebServer({
    router: services.router,
    notifier: services.notifier,
    rendererDir: dir,
    log: (line) => refusals.push(line),
  });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function open(url: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

function roundTrip(ws: WebSocket, message: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once("message", (data) => resolve(JSON.parse(data.toString())));
    ws.send(JSON.stringify(message));
  });
}

const wsUrl = (token?: string) => `ws://127.0.0.1:${server.port}/ws${token === undefined ? "" : `?token=${token}`}`;

describe("web-mode WebSocket auth", () => {
  it("serves the contract to a client with the token from the app's own origin", async () => {
    const ws = await open(wsUrl(server.token), server.origin);
    const reply = await roundTrip(ws, { type: "invoke", id: 7, channel: "app.echo", payload: { text: "你好" } });
    expect(reply).toMatchObject({ type: "result", id: 7, result: { ok: true, data: { text: "你好" } } });
    ws.close();
  });

  it("refuses a connection without a token", async () => {
    await expect(open(wsUrl(), server.origin)).rejects.toThrow("HTTP 403");
  });

  it("refuses a wrong token, including one of the right length", async () => {
    await expect(open(wsUrl("nope"), server.origin)).rejects.toThrow("HTTP 403");
    const sameLength = server.token.replace(/./, (c) => (c === "a" ? "b" : "a"));
    await expect(open(wsUrl(sameLength), server.origin)).rejects.toThrow("HTTP 403");
  });

  it("refuses a foreign Origin even with the right token", async () => {
    await expect(open(wsUrl(server.token), "http://evil.example")).rejects.toThrow("HTTP 403");
    await expect(open(wsUrl(server.token), `http://localhost:${server.port}`)).rejects.toThrow("HTTP 403");
    await expect(open(wsUrl(server.token))).rejects.toThrow("HTTP 403");
    expect(refusals.some((line) => line.includes("foreign Origin"))).toBe(true);
  });

  it("refuses requests whose Host header is not the loopback address (DNS rebinding)", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port: server.port, path: "/", headers: { host: `attacker.example:${server.port}` } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it("answers a malformed message with a typed error and keeps the connection", async () => {
    const ws = await open(wsUrl(server.token), server.origin);
    expect(await roundTrip(ws, { type: "invoke", id: "x" })).toMatchObject({
      type: "error",
      error: { code: "invalid_request" },
    });
    const reply = await roundTrip(ws, { type: "invoke", id: 1, channel: "app.echo", payload: { text: 5 } });
    expect(reply).toMatchObject({ result: { ok: false, error: { code: "invalid_request" } } });
    ws.close();
  });

  it("takes the largest requests the contract allows without dropping the connection", async () => {
    for (const [channel, field] of [
      ["uploads.append", "dataBase64"],
      ["eval.importSuite", "json"],
    ] as const) {
      const shape = (contract[channel].request as unknown as { shape: Record<string, { maxLength: number }> }).shape;
      expect(shape[field]!.maxLength + 1024 * 1024, channel).toBeLessThan(MAX_MESSAGE_BYTES);
    }
    const ws = await open(wsUrl(server.token), server.origin);
    // 6 MB: refused by the channel's schema, but answered on the same connection
    const big = "a".repeat(6 * 1024 * 1024);
    const reply = await roundTrip(ws, { type: "invoke", id: 7, channel: "app.echo", payload: { text: big } });
    expect(reply).toMatchObject({ id: 7, result: { ok: false, error: { code: "invalid_request" } } });
    expect(await roundTrip(ws, { type: "invoke", id: 8, channel: "app.echo", payload: { text: "hi" } })).toMatchObject({
      id: 8,
      result: { ok: true },
    });
    ws.close();
  });

  it("will not listen on a non-loopback interface", async () => {
    await expect(
      startWebServer({ router: services.router, notifier: services.notifier, rendererDir: dir, host: "0.0.0.0" }),
    ).rejects.toThrow(/loopback only/);
  });

  it("serves the renderer with a strict CSP and no path traversal", async () => {
    const res = await fetch(`${server.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("content-security-policy")).not.toContain("'unsafe-eval'");
    const scriptSrc = res.headers.get("content-security-policy")?.match(/script-src ([^;]*)/)?.[1];
    expect(scriptSrc).toBe("'self' 'wasm-unsafe-eval'"); // no inline script, no remote origin
    const traversal = await fetch(`${server.origin}/..%2F..%2Fetc%2Fpasswd`);
    expect(traversal.status).toBe(404);
  });
});
