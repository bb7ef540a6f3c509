/** Electron hardening that applies to every window and session of the app. */
import { app, type Session, session, type WebContents } from "electron";
import { APP_ORIGIN } from "./app-protocol.js";

export const secureWebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
} as const;

function isAppUrl(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`) || url === APP_ORIGIN;
}

/** Renderer sessions reach nothing outside the app: every other request is cancelled and logged. */
export function lockDownSession(target: Session, log: (line: string) => void): void {
  target.setPermissionRequestHandler((_wc, permission, callback) => {
    log(`[security] denied permission request: ${permission}`);
    callback(false);
  });
  target.setPermissionCheckHandler(() => false);
  target.webRequest.onBeforeRequest((details, callback) => {
    const allowed =
      isAppUrl(details.url) ||
      details.url.startsWith("devtools://") ||
      details.url.startsWith("data:") ||
      details.url.startsWith("blob:");
    if (!allowed) log(`[network] blocked renderer request: ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
}

function lockDownContents(contents: WebContents, log: (line: string) => void): void {
  contents.on("will-navigate", (event, url) => {
    if (!isAppUrl(url) || url !== contents.getURL()) {
      log(`[security] blocked navigation to ${url.slice(0, 200)}`);
      event.preventDefault();
    }
  });
  contents.on("will-redirect", (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    log(`[security] blocked new window for ${url.slice(0, 200)}`);
    return { action: "deny" };
  });
  contents.on("will-attach-webview", (event) => event.preventDefault());
}

export function applyAppSecurity(log: (line: string) => void): void {
  lockDownSession(session.defaultSession, log);
  app.on("session-created", (created) => lockDownSession(created, log));
  app.on("web-contents-created", (_event, contents) => lockDownContents(contents, log));
}
