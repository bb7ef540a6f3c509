import { describe, expect, it, vi } from "vitest";
import { contract } from "../shared/contract/index.js";
import type { InkstoneBridge, StreamMessage } from "../shared/contract-kit.js";
import { IPC } from "../shared/ipc-channels.js";

vi.mock("electron", () => import("../test/fake-electron.js").then((m) => m.fakeElectron));
const { fakeElectron } = await import("../test/fake-electron.js");
await import("./preload.js");

const exposed = fakeElectron.contextBridge.exposed;
const bridge = exposed.get("inkstone") as InkstoneBridge;
const ipc = fakeElectron.ipcRenderer;
const callChannel = Object.entries(contract).find(([, def]) => def.kind === "call")![0];
const streamChannel = Object.entries(contract).find(([, def]) => def.kind === "stream")![0];

describe("the preload", () => {
  it("exposes exactly window.inkstone, with exactly the contract's surface", () => {
    expect([...exposed.keys()]).toEqual(["inkstone"]);
    expect(Object.keys(bridge).sort()).toEqual(["cancel", "channels", "invoke", "onNotify", "stream"]);
    expect(bridge.channels).toEqual(Object.keys(contract));
    expect(Object.values(bridge).some((value) => value === ipc)).toBe(false);
  });

  it("invokes call channels only", async () => {
    ipc.invokeResult = { ok: true, value: 42 };
    expect(await bridge.invoke(callChannel as never, { x: 1 } as never)).toEqual({ ok: true, value: 42 });
    expect(ipc.invoked.at(-1)).toEqual({ channel: IPC.invoke, args: [callChannel, { x: 1 }] });
    const before = ipc.invoked.length;
    expect(await bridge.invoke(streamChannel as never, {} as never)).toMatchObject({
      ok: false,
      error: { code: "unknown_channel" },
    });
    expect(await bridge.invoke("fs.readFile" as never, {} as never)).toMatchObject({ ok: false });
    expect(ipc.invoked.length).toBe(before);
  });

  it("streams with a request id, routes messages by that id, and refuses non-stream channels", async () => {
    const got: StreamMessage[] = [];
    const id = bridge.stream(streamChannel as never, { q: 1 } as never, (m) => got.push(m));
    expect(ipc.sent.at(-1)).toEqual({ channel: IPC.stream, args: [streamChannel, { q: 1 }, id] });
    ipc.deliver(IPC.streamMessage, { type: "data", requestId: "someone-else", data: 1 });
    ipc.deliver(IPC.streamMessage, { type: "data", requestId: id, data: 2 });
    ipc.deliver(IPC.streamMessage, { type: "end", requestId: id, result: { ok: true, value: null } });
    ipc.deliver(IPC.streamMessage, { type: "data", requestId: id, data: 3 }); // after the end: dropped
    expect(got.map((m) => m.type)).toEqual(["data", "end"]);

    const refused: StreamMessage[] = [];
    const sentBefore = ipc.sent.length;
    bridge.stream(callChannel as never, {} as never, (m) => refused.push(m));
    await Promise.resolve();
    expect(refused).toEqual([expect.objectContaining({ type: "end", result: expect.objectContaining({ ok: false }) })]);
    expect(ipc.sent.length).toBe(sentBefore);
  });

  it("cancels by id and delivers notifications until unsubscribed", () => {
    bridge.cancel("r-9");
    expect(ipc.sent.at(-1)).toEqual({ channel: IPC.cancel, args: ["r-9"] });
    const seen: unknown[] = [];
    const off = bridge.onNotify((n) => seen.push(n.name));
    ipc.deliver(IPC.notify, { name: "engine.status", data: {} });
    off();
    ipc.deliver(IPC.notify, { name: "engine.status", data: {} });
    expect(seen).toEqual(["engine.status"]);
  });
});
