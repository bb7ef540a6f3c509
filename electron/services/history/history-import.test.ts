import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportFile } from "../../shared/history-schemas.js";
import { HistoryStore } from "./history-store.js";
import { parentsFirst } from "./import-order.js";

let dir: string;
let store: HistoryStore;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "inkstone-import-"));
  store = HistoryStore.open(dir);
});
afterAll(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

/** One conversation whose messages form a chain, listed child first (the worst order for an import). */
function childFirst(count: number): ExportFile {
  const messages = Array.from({ length: count }, (_, i) => ({
    id: `m${i}`,
    parentId: i === 0 ? null : `m${i - 1}`,
    role: i % 2 === 0 ? ("user" as const) : ("assistant" as const),
    content: `message ${i}`,
    reasoning: "",
    status: "complete" as const,
    error: null,
    metrics: null,
    finishReason: null,
    reasoningCut: null,
    attachments: [],
    createdAt: 1_700_000_000_000 + i,
    updatedAt: 1_700_000_000_000 + i,
  })).reverse();
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: 0,
    conversations: [
      {
        id: "c",
        title: "Imported chain",
        createdAt: 1,
        updatedAt: 2,
        pinned: false,
        modelVariant: null,
        settings: {},
        activeLeafId: `m${count - 1}`,
        messages,
      },
    ],
  };
}

describe("history import", () => {
  it("orders 100,000 child-first messages parents first in linear time", () => {
    // the old repeated scan took minutes here (quadratic); a children index takes milliseconds
    const ordered = parentsFirst(childFirst(100_000).conversations[0]!.messages);
    expect(ordered[0]!.id).toBe("m0");
    expect(ordered.at(-1)!.id).toBe("m99999");
    const cycle = [
      { id: "a", parentId: "b" },
      { id: "b", parentId: "a" },
      { id: "c", parentId: null },
    ];
    expect(() => parentsFirst(cycle)).toThrow(/form a cycle/);
    expect(() => parentsFirst([cycle[2]!, cycle[2]!])).toThrow(/appears twice/);
  });

  it("imports in the worker, child-first order included; a bad file leaves nothing behind", async () => {
    const [id] = await store.importJson(JSON.stringify(childFirst(2_000)));
    const thread = store.getThread(id!);
    expect(thread.messages).toHaveLength(2_000);
    expect(thread.messages.at(-1)!.content).toBe("message 1999");
    expect(store.search("1234").map((h) => h.messageId)).toHaveLength(1);
    const looped = childFirst(10);
    looped.conversations[0]!.messages.at(-1)!.parentId = "m9"; // m0's parent is now the last message
    await expect(store.importJson(JSON.stringify(looped))).rejects.toThrow(/form a cycle/);
    await expect(store.importJson("{ not json")).rejects.toThrow(/not valid JSON/);
    expect(store.listConversations().map((c) => c.id)).toEqual([id]);
  });

  it("commits on the main thread without waiting for the disk; durable() fsyncs in the worker", async () => {
    const conversation = store.createConversation({ title: "Durable" });
    await store.durable();
    const before = store.worker.syncs;
    const answer = store.addMessage({ conversationId: conversation.id, parentId: null, role: "assistant" });
    store.finishMessage(answer.id, { content: "done", reasoning: "", status: "complete" });
    // calls made while an fsync runs share the next one
    await Promise.all([store.durable(), store.durable(), store.durable()]);
    expect(store.worker.syncs - before).toBeGreaterThanOrEqual(1);
    expect(store.worker.syncs - before).toBeLessThanOrEqual(2);
  });
});
