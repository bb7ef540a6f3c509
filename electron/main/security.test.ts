import { describe, expect, it, vi } from "vitest";

vi.mock("electron", () => import("../test/fake-electron.js").then((m) => m.fakeElectron));
const { fakeElectron, FakeSession, FakeWebContents } = await import("../test/fake-electron.js");
const { applyAppSecurity, secureWebPreferences } = await import("./security.js");

const lines: string[] = [];
applyAppSecurity((line) => lines.push(line));
const contents = new FakeWebContents("app://inkstone/index.html");
fakeElectron.app.emit("web-contents-created", {}, contents);

describe("Electron hardening", () => {
  it("keeps the renderer isolated, sandboxed and without Node", () => {
    expect(secureWebPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
  });

  it("denies every permission request and check", () => {
    const session = fakeElectron.session.defaultSession;
    let granted: boolean | undefined;
    session.permissionRequestHandler?.({} as never, "media", (ok) => (granted = ok), {} as never);
    expect(granted).toBe(false);
    expect(session.permissionCheckHandler?.(null, "notifications", "app://inkstone", {} as never)).toBe(false);
    expect(lines).toContain("[security] denied permission request: media");
  });

  it("cancels every renderer request that leaves the app, in every session", () => {
    const created = new FakeSession();
    fakeElectron.app.emit("session-created", created);
    for (const session of [fakeElectron.session.defaultSession, created]) {
      expect(session.requestCancelled("app://inkstone/assets/app.js")).toBe(false);
      expect(session.requestCancelled("data:image/png;base64,AAAA")).toBe(false);
      expect(session.requestCancelled("https://example.com/x.js")).toBe(true);
      expect(session.requestCancelled("http://127.0.0.1:8080/")).toBe(true);
      expect(session.requestCancelled("app://inkstone.evil.com/")).toBe(true);
      expect(session.requestCancelled("file:///etc/passwd")).toBe(true);
    }
  });

  it("refuses navigation away from the app, redirects out, new windows and webviews", () => {
    expect(contents.tryEvent("will-navigate", "https://example.com/")).toBe(true);
    expect(contents.tryEvent("will-navigate", "app://inkstone/other.html")).toBe(true);
    expect(contents.tryEvent("will-navigate", "app://inkstone/index.html")).toBe(false); // a reload
    expect(contents.tryEvent("will-redirect", "https://example.com/")).toBe(true);
    expect(contents.tryEvent("will-attach-webview")).toBe(true);
    expect(contents.windowOpenHandler?.({ url: "https://example.com/" } as never)).toEqual({ action: "deny" });
    expect(contents.windowOpenHandler?.({ url: "app://inkstone/index.html" } as never)).toEqual({ action: "deny" });
  });
});
