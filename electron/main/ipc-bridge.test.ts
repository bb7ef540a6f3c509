import { describe, expect, it, vi } from "vitest";

vi.mock("electron", () => ({ ipcMain: {}, BrowserWindow: {}, protocol: {} }));
const { isTrustedSender } = await import("./ipc-bridge.js");

function event(url: string, main = true) {
  const mainFrame = { url };
  return { sender: { mainFrame }, senderFrame: main ? mainFrame : { url } } as never;
}

describe("isTrustedSender", () => {
  it("accepts the app's own main frame", () => {
    expect(isTrustedSender(event("app://inkstone/index.html"))).toBe(true);
  });
  it("refuses subframes, other origins and missing frames", () => {
    expect(isTrustedSender(event("app://inkstone/index.html", false))).toBe(false);
    expect(isTrustedSender(event("https://example.com/"))).toBe(false);
    expect(isTrustedSender(event("file:///etc/passwd"))).toBe(false);
    expect(isTrustedSender(event("app://other/index.html"))).toBe(false);
    expect(isTrustedSender({ sender: { mainFrame: {} }, senderFrame: null } as never)).toBe(false);
  });
});
