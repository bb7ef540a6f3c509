/**
 * Who may talk to the API: a loopback peer, naming this server by a loopback Host (a page on a
 * rebinding domain such as evil.example → 127.0.0.1 sends its own Host and is refused), from no
 * browser page or an origin the user added exactly, with the key as a Bearer token.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { type ApiError, errors } from "./api-errors.js";

export function isLoopbackPeer(address: string | undefined): boolean {
  return address !== undefined && (address === "::1" || /^(::ffff:)?127\./.test(address));
}

/** The Host values that name this server: 127.0.0.1, localhost and [::1], each with the port. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

export function keysEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface GuardConfig {
  port: number;
  key: string;
  allowedOrigins: readonly string[];
}

/** Checks that do not need the key (a CORS preflight carries none). */
export function checkPeer(req: IncomingMessage, config: GuardConfig): ApiError | null {
  if (!isLoopbackPeer(req.socket.remoteAddress)) return errors.notLoopback();
  const host = (req.headers.host ?? "").toLowerCase();
  if (!allowedHosts(config.port).has(host)) return errors.foreignHost(req.headers.host ?? "");
  const origin = req.headers.origin;
  if (origin !== undefined && !config.allowedOrigins.includes(origin)) return errors.foreignOrigin(origin);
  return null;
}

export function checkKey(req: IncomingMessage, key: string): ApiError | null {
  const header = req.headers.authorization;
  if (!header) return errors.missingKey();
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return errors.missingKey();
  return keysEqual(match[1]!, key) ? null : errors.wrongKey();
}

/** CORS headers, only for an origin the user added exactly; none otherwise. */
export function corsHeaders(req: IncomingMessage, allowedOrigins: readonly string[]): Record<string, string> {
  const origin = req.headers.origin;
  if (origin === undefined || !allowedOrigins.includes(origin)) return {};
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": "authorization, content-type",
    "access-control-max-age": "600",
    vary: "Origin",
  };
}
