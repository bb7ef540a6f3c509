/** Serves the built renderer from `app://inkstone/` (never file://), with the app's strict CSP. */
import { readFile } from "node:fs/promises";
import { protocol } from "electron";
import { contentSecurityPolicy, lookupStatic, rendererHeaders } from "../services/static-site/static-files.js";

export const APP_SCHEME = "app";
export const APP_HOST = "inkstone";
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The desktop renderer's CSP: the same policy web mode serves, with no connection beyond the app itself. */
export const APP_CSP = contentSecurityPolicy();

/** Must run before `app.ready`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** The response for one app:// request: files of the renderer folder only, on the app's own host only. */
export async function appProtocolResponse(rendererDir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  if (url.host !== APP_HOST) return new Response("Not found", { status: 404 });
  const found = await lookupStatic(rendererDir, url.pathname);
  if (found.status !== 200) return new Response(found.message, { status: found.status });
  try {
    const body = await readFile(found.file);
    return new Response(body, { headers: { "content-type": found.contentType, ...rendererHeaders() } });
  } catch {
    return new Response("Not found", { status: 404 });
  }
}

export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appProtocolResponse(rendererDir, request.url));
}
