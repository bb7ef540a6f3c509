/** Serves the built renderer from `app://inkstone/` (never file://), with the app's strict CSP. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { protocol } from "electron";
import { resolveStaticPath } from "../web/static-files.js";

export const APP_SCHEME = "app";
export const APP_HOST = "inkstone";
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join("; ");

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  ".json": "application/json",
};

/** Must run before `app.ready`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export function handleAppProtocol(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response("Not found", { status: 404 });
    let file = resolveStaticPath(root, url.pathname);
    if (file && !path.extname(file)) file = path.join(root, "index.html");
    if (!file) return new Response("Bad path", { status: 400 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          "content-type": types[path.extname(file)] ?? "application/octet-stream",
          "content-security-policy": APP_CSP,
          "x-content-type-options": "nosniff",
        },
      });
    } catch {
      return new Response("Not found", { status: 404 });
    }
  });
}
