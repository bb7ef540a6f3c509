import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import path from "node:path";

const mimeTypes: Record<string, string> = {
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

export async function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  const file = resolveStaticPath(path.resolve(root), urlPath);
  let target = file;
  let info = target ? await stat(target).catch(() => null) : null;
  if (!info?.isFile() && !path.extname(urlPath)) {
    target = path.join(path.resolve(root), "index.html"); // client-side routes
    info = await stat(target).catch(() => null);
  }
  if (!target || !info?.isFile()) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8", ...headers });
    res.end(info === null && !file ? "Bad path" : "Not found");
    return;
  }
  res.writeHead(200, {
    "content-type": mimeTypes[path.extname(target)] ?? "application/octet-stream",
    "content-length": String(info.size),
    "cache-control": "no-cache",
    ...headers,
  });
  createReadStream(target).pipe(res);
}
