/**
 * The built renderer as files: one CSP, one MIME table and one path resolution, used by both the desktop
 * app's `app://` protocol and web mode's HTTP server, so the two cannot drift apart.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import path from "node:path";

const MIME_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
  ".traineddata": "application/octet-stream",
  ".gz": "application/gzip",
};

export function contentTypeOf(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

/**
 * The renderer's Content-Security-Policy. `connectSources` adds what the transport needs beyond 'self'
 * (web mode: its own WebSocket origin); the desktop app adds nothing.
 */
export function contentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...connectSources].join(" "),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** Headers every renderer file is served with, whatever the transport. */
export function rendererHeaders(connectSources: readonly string[] = []): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(connectSources),
    "x-content-type-options": "nosniff",
  };
}

/** Resolves a URL path inside root; null when it would escape it. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const relative = decoded === "/" ? "index.html" : decoded.replace(/^\/+/, "");
  const full = path.resolve(root, relative);
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  return full;
}

export type StaticLookup =
  | { status: 200; file: string; size: number; contentType: string }
  | { status: 404; message: string };

/** What a URL path of the renderer serves: a file inside root, index.html for client-side routes, or why not. */
export async function lookupStatic(root: string, urlPath: string): Promise<StaticLookup> {
  const base = path.resolve(root);
  const file = resolveStaticPath(base, urlPath);
  if (!file) return { status: 404, message: "Bad path" }; // outside the renderer: refused like a missing file
  let target = file;
  let info = await stat(target).catch(() => null);
  if (!info?.isFile() && !path.extname(urlPath)) {
    target = path.join(base, "index.html"); // client-side routes
    info = await stat(target).catch(() => null);
  }
  if (!info?.isFile()) return { status: 404, message: "Not found" };
  return { status: 200, file: target, size: info.size, contentType: contentTypeOf(target) };
}

/** Web mode: streams the file (or the refusal) to an HTTP response. */
export async function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  const found = await lookupStatic(root, urlPath);
  if (found.status !== 200) {
    res.writeHead(found.status, { "content-type": "text/plain; charset=utf-8", ...headers });
    res.end(found.message);
    return;
  }
  res.writeHead(200, {
    "content-type": found.contentType,
    "content-length": String(found.size),
    "cache-control": "no-cache",
    ...headers,
  });
  createReadStream(found.file).pipe(res);
}
