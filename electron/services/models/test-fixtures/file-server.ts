/** A loopback HTTP server for download tests: Range/If-Range, throttling, drops, redirects, errors. */
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FileServerOptions {
  body: Buffer;
  etag?: string;
  ignoreRange?: boolean;
  /** Bytes per write and the pause between writes, to make a download last. */
  chunkBytes?: number;
  chunkDelayMs?: number;
  /** Destroy the socket after this many body bytes, the first N times. */
  dropAfterBytes?: number;
  drops?: number;
  /** Send only this many bytes of the body (with the full Content-Length), then end. */
  truncateTo?: number;
  /** Stop sending at this body offset until release() is called, so a test can look at a download under way. */
  holdAtBytes?: number;
}

export interface FileServer {
  url(path?: string): string;
  options: FileServerOptions;
  requests: { path: string; range?: string; ifRange?: string }[];
  /** Lets downloads held at holdAtBytes go on. */
  release(): void;
  close(): Promise<void>;
}

export async function startFileServer(options: FileServerOptions): Promise<FileServer> {
  const requests: FileServer["requests"] = [];
  let drops = 0;
  let released = false;
  const held: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? "/";
    requests.push({ path, range: req.headers.range, ifRange: req.headers["if-range"] as string | undefined });
    if (path === "/missing") return void res.writeHead(404).end("no");
    if (path === "/broken") return void res.writeHead(500).end("oops");
    if (path.startsWith("/hop/")) {
      const n = Number(path.slice(5));
      res.writeHead(302, { location: n > 1 ? `/hop/${n - 1}` : "/file" });
      return void res.end();
    }
    const body = options.body;
    const etag = options.etag ?? `"${createHash("sha1").update(body).digest("hex")}"`;
    let start = 0;
    let status = 200;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    const ifRange = req.headers["if-range"];
    if (range && !options.ignoreRange && (!ifRange || ifRange === etag)) {
      start = Number(range[1]);
      status = 206;
    }
    const headers: Record<string, string> = {
      etag,
      "content-length": String(body.length - start),
      "accept-ranges": "bytes",
    };
    if (status === 206) headers["content-range"] = `bytes ${start}-${body.length - 1}/${body.length}`;
    res.writeHead(status, headers);
    const end = options.truncateTo !== undefined ? Math.min(options.truncateTo, body.length) : body.length;
    const chunk = options.chunkBytes ?? 64 * 1024;
    let position = start;
    let sent = 0;
    const pump = () => {
      while (position < end) {
        if (!released && options.holdAtBytes !== undefined && position >= options.holdAtBytes) {
          return void held.push(pump);
        }
        if (options.dropAfterBytes !== undefined && drops < (options.drops ?? 1) && sent >= options.dropAfterBytes) {
          drops++;
          res.socket?.destroy();
          return;
        }
        const slice = body.subarray(position, Math.min(end, position + chunk));
        position += slice.length;
        sent += slice.length;
        const more = res.write(slice);
        if (options.chunkDelayMs) return void setTimeout(pump, options.chunkDelayMs);
        if (!more) return void res.once("drain", pump);
      }
      if (end < body.length) res.socket?.destroy();
      else res.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path = "/file") => `http://127.0.0.1:${port}${path}`,
    options,
    requests,
    release: () => {
      released = true;
      for (const resume of held.splice(0)) resume();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
