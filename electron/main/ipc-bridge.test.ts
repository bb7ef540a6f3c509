import { beforeEach, describe, expect, it, vi } from "vitest";
import type { StreamMessage } from "../shared/contract-kit.js";
import { IPC } from "../shared/ipc-channels.js";

vi.mock("electron", () => import("../test/fake-electron.js").then((m) => m.fakeElectron));
const { fakeElectron, FakeBrowserWindow, FakeWebContents } = await import("../test/fake-electron.js");
const { isTrustedSender, registerIpcBridge } = await import("./ipc-bridge.js");
const { Notifier } = await import("../core/notifier.js");

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

/** A router that records what reaches it. */
const router = {
  invoked: [] as unknown[][],
  streams: new Map<string, (message: StreamMessage) => void>(),
  cancelled: [] as string[],
  async invoke(channel: unknown, payload: unknown) {
    this.invoked.push([channel, payload]);
    return { ok: true, value: "handled" };
  },
  stream(_channel: unknown, _payload: unknown, requestId: unknown, sink: (message: StreamMessage) => void) {
    this.streams.set(String(requestId), sink);
    return true;
  },
  cancel(id: string) {
    this.cancelled.push(id);
  },
  cancelMany(ids: Iterable<string>) {
    this.cancelled.push(...ids);
  },
};
const notifier = new Notifier();
const log: string[] = [];
registerIpcBridge(router as never, notifier, (line) => log.push(line));
const ipc = fakeElectron.ipcMain;

beforeEach(() => {
  router.invoked = [];
  router.cancelled = [];
  router.streams.clear();
});

describe("the IPC bridge", () => {
  it("passes calls from the app's main frame to the router and refuses everyone else", async () => {
    const app = new FakeWebContents("app://inkstone/index.html");
    expect(await ipc.invoke(app, IPC.invoke, ["app.echo", { text: "hi" }])).toEqual({ ok: true, value: "handled" });
    const foreign = new FakeWebContents("https://example.com/");
    const refused = await ipc.invoke(foreign, IPC.invoke, ["app.echo", { text: "x" }]);
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const subframe = await ipc.invoke(app, IPC.invoke, ["app.echo", {}], "app://inkstone/frame.html");
    expect(subframe).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(router.invoked).toEqual([["app.echo", { text: "hi" }]]);
    expect(log.some((line) => line.includes("refused call to app.echo from https://example.com/"))).toBe(true);
  });

  it("ends a refused stream at once and sends a trusted stream's messages back to its frame", () => {
    const foreign = new FakeWebContents("https://example.com/");
    const replies = ipc.send(foreign, IPC.stream, ["chat.send", {}, "r-1"]);
    expect(replies).toEqual([
      [IPC.streamMessage, { type: "end", requestId: "r-1", result: expect.objectContaining({ ok: false }) }],
    ]);
    expect(router.streams.size).toBe(0);

    const app = new FakeWebContents();
    ipc.send(app, IPC.stream, ["chat.send", {}, "r-2"]);
    router.streams.get("r-2")!({ type: "data", requestId: "r-2", data: "token" } as never);
    expect(app.sent).toEqual([
      { channel: IPC.streamMessage, args: [{ type: "data", requestId: "r-2", data: "token" }] },
    ]);
  });

  it("lets a window cancel only its own streams, and cancels them all when it goes away", () => {
    const app = new FakeWebContents();
    const other = new FakeWebContents();
    ipc.send(app, IPC.stream, ["chat.send", {}, "mine"]);
    ipc.send(other, IPC.cancel, ["mine"]);
    expect(router.cancelled).toEqual([]);
    ipc.send(app, IPC.cancel, ["mine"]);
    expect(router.cancelled).toEqual(["mine"]);
    ipc.send(app, IPC.stream, ["chat.send", {}, "left-open"]);
    app.destroy();
    expect(router.cancelled).toContain("left-open");
  });

  it("broadcasts notifications only to windows showing the app", () => {
    const appWindow = new FakeBrowserWindow();
    const foreignWindow = new FakeBrowserWindow();
    foreignWindow.webContents.mainFrame.url = "https://example.com/";
    notifier.notify("settings.changed", {} as never);
    expect(appWindow.webContents.sent.map((m) => m.channel)).toEqual([IPC.notify]);
    expect(foreignWindow.webContents.sent).toEqual([]);
  });
});
