import { afterEach, describe, expect, it, vi } from "vitest";
import { createWebSocketBridge } from "./ws-bridge";

/** A WebSocket that records what is sent; `open()` plays the connection opening. */
class FakeSocket extends EventTarget {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  static last: FakeSocket | null = null;
  readyState = FakeSocket.CONNECTING;
  sent: string[] = [];
  constructor(readonly url: string) {
    super();
    FakeSocket.last = this;
  }
  send(data: string) {
    if (this.readyState !== FakeSocket.OPEN) throw new Error("InvalidStateError: still connecting");
    this.sent.push(data);
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.dispatchEvent(new Event("open"));
  }
}

afterEach(() => vi.unstubAllGlobals());

describe("web-mode bridge", () => {
  it("sends a question at once on an open socket, before work already queued as microtasks (React's render)", async () => {
    vi.stubGlobal("WebSocket", FakeSocket);
    const bridge = createWebSocketBridge("ws://127.0.0.1:1/ws");
    const socket = FakeSocket.last!;
    socket.open();
    await Promise.resolve();
    let sentBeforeQueuedWork: number | null = null;
    queueMicrotask(() => {
      sentBeforeQueuedWork = socket.sent.length;
    });
    bridge.stream("chat.send" as never, { text: "2+2?" }, () => {});
    expect(socket.sent).toHaveLength(1);
    expect(JSON.parse(socket.sent[0]!)).toMatchObject({
      type: "stream",
      channel: "chat.send",
      payload: { text: "2+2?" },
    });
    await Promise.resolve();
    expect(sentBeforeQueuedWork).toBe(1);
  });

  it("holds what is sent while the socket connects, and sends it once open", async () => {
    vi.stubGlobal("WebSocket", FakeSocket);
    const bridge = createWebSocketBridge("ws://127.0.0.1:1/ws");
    const socket = FakeSocket.last!;
    const result = bridge.invoke("history.list" as never, { limit: 1 });
    await Promise.resolve();
    expect(socket.sent).toHaveLength(0);
    socket.open();
    await vi.waitFor(() => expect(socket.sent).toHaveLength(1));
    const { id } = JSON.parse(socket.sent[0]!) as { id: number };
    socket.dispatchEvent(
      Object.assign(new Event("message"), {
        data: JSON.stringify({ type: "result", id, result: { ok: true, data: 7 } }),
      }),
    );
    await expect(result).resolves.toEqual({ ok: true, data: 7 });
  });
});
