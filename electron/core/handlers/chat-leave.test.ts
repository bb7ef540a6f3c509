/** chat.leave: only a conversation the local model answers asks the engine to keep its context. */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HistoryStore } from "../../services/history/history-store.js";
import type { ServiceDeps } from "../app-types.js";
import { chatHandlers } from "./chat.js";

let dir: string;
let store: HistoryStore;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "inkstone-leave-"));
  store = HistoryStore.open(dir);
});
afterAll(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

function handlersWith(keepState: () => Promise<boolean>) {
  return chatHandlers({ store, engine: { keepState }, chat: {} } as unknown as ServiceDeps);
}
const noStream = { emit: () => {}, signal: new AbortController().signal } as never;

describe("chat.leave", () => {
  it("has the local engine save the context of a local conversation the user left", async () => {
    const keepState = vi.fn(async () => true);
    const local = store.createConversation({ settings: {}, modelVariant: "twin.gguf" });
    await expect(handlersWith(keepState)["chat.leave"]({ conversationId: local.id }, noStream)).resolves.toEqual({
      kept: true,
    });
    expect(keepState).toHaveBeenCalledOnce();
  });

  it("leaves the engine alone for a conversation a server answers, and for one that does not exist", async () => {
    const keepState = vi.fn(async () => true);
    const remote = store.createConversation({ settings: {}, modelVariant: "fake-r1" });
    store.setEngine(remote.id, { engineId: "lab", host: "10.0.0.5:8000", model: "fake-r1" });
    const handlers = handlersWith(keepState);
    await expect(handlers["chat.leave"]({ conversationId: remote.id }, noStream)).resolves.toEqual({ kept: false });
    await expect(handlers["chat.leave"]({ conversationId: "missing" }, noStream)).resolves.toEqual({ kept: false });
    expect(keepState).not.toHaveBeenCalled();
  });
});
