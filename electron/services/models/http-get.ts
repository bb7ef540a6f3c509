/** One HTTP(S) GET with redirects followed by hand (so Range and If-Range survive each hop). */
import http, { type IncomingMessage } from "node:http";
import https from "node:https";

export interface GetOptions {
  headers: Record<string, string>;
  signal?: AbortSignal;
  maxRedirects?: number;
  /** Called with every host contacted, before the connection (the network guard's hook). */
  beforeConnect?: (url: URL) => void;
  timeoutMs?: number;
}

export async function httpGet(
  url: string,
  options: GetOptions,
): Promise<{ response: IncomingMessage; finalUrl: string }> {
  let current = new URL(url);
  for (let hop = 0; hop <= (options.maxRedirects ?? 10); hop++) {
    if (current.protocol !== "http:" && current.protocol !== "https:")
      throw new Error(`Unsupported URL scheme ${current.protocol}`);
    options.beforeConnect?.(current);
    const client = current.protocol === "https:" ? https : http;
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = client.get(
        current,
        { headers: options.headers, signal: options.signal, timeout: options.timeoutMs ?? 30_000 },
        resolve,
      );
      request.on("timeout", () => request.destroy(new Error("The server stopped answering (timeout).")));
      request.on("error", reject);
    });
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      current = new URL(response.headers.location, current);
      continue;
    }
    return { response, finalUrl: current.toString() };
  }
  throw new Error(`Too many redirects (more than ${options.maxRedirects ?? 10}).`);
}
