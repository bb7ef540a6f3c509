// @vitest-environment jsdom
import { describe, expect, it, vi } from "vitest";
import type { InkstoneClient } from "../client/client";
import { setClient } from "../client/instance";
import { useChatStore } from "./chat-store";

const conversationA = "11111111-1111-4111-8111-111111111111";
const conversationB = "22222222-2222-4222-8222-222222222222";

describe("leaving a conversation", () => {
  it("tells the engine which conversation the user left (new chat, another one), never the one they stay in", async () => {
    const call = vi.fn(async (channel: string, _payload?: unknown): Promise<unknown> => {
      if (channel === "history.thread") return { conversation: { settings: {}, engine: null }, messages: [] };
      return { kept: true };
    });
    setClient({ call, stream: vi.fn(), on: () => () => {} } as unknown as InkstoneClient);
    const left = () => call.mock.calls.filter(([channel]) => channel === "chat.leave").map(([, payload]) => payload);
    useChatStore.getState().newChat(); // from no conversation: nothing to leave
    await useChatStore.getState().open(conversationA);
    expect(left()).toEqual([]);
    await useChatStore.getState().open(conversationA);
    expect(left()).toEqual([]);
    await useChatStore.getState().open(conversationB);
    expect(left()).toEqual([{ conversationId: conversationA }]);
    useChatStore.getState().newChat();
    expect(left()).toEqual([{ conversationId: conversationA }, { conversationId: conversationB }]);
  });

  it("opens the next conversation even when the hint fails", async () => {
    const call = vi.fn(async (channel: string): Promise<unknown> => {
      if (channel === "chat.leave") throw new Error("engine gone");
      return { conversation: { settings: {}, engine: null }, messages: [] };
    });
    setClient({ call, stream: vi.fn(), on: () => () => {} } as unknown as InkstoneClient);
    await useChatStore.getState().open(conversationA);
    await useChatStore.getState().open(conversationB);
    expect(useChatStore.getState()).toMatchObject({ conversationId: conversationB, error: null });
  });
});
