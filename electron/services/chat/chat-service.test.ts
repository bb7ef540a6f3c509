import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ensureModel } from "../../../scripts/gguf/model-cache.js";
import { SCRIPT_ANSWER, SCRIPT_REASONING } from "../../../scripts/gguf/scripted-answer.js";
import type { ChatEvent } from "../../shared/chat-schemas.js";
import { EngineClient } from "../engine/engine-client.js";
import { spawnNodeEngine } from "../engine/node-engine-process.js";
import { HistoryStore } from "../history/history-store.js";
import { ChatService } from "./chat-service.js";

let dir: string;
let store: HistoryStore;
let engine: EngineClient;
let chat: ChatService;
const greedy = { temperature: 0 };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "inkstone-chat-"));
  store = HistoryStore.open(dir);
  engine = new EngineClient({ spawn: spawnNodeEngine });
  await engine.start();
  chat = new ChatService(store, engine, 50);
});
afterAll(async () => {
  await engine.dispose();
  store.close();
  await rm(dir, { recursive: true, force: true });
});

const never = () => new AbortController().signal;

describe("chat service", () => {
  it("stores the question and the streamed answer with its reasoning and metrics", async () => {
    await engine.load(ensureModel({ kind: "scripted" }));
    const events: ChatEvent[] = [];
    const { conversationId, message } = await chat.send(
      { text: "求面积", settings: greedy },
      (e) => events.push(e),
      never(),
    );
    expect(events[0]).toMatchObject({ kind: "created", conversationId, assistantMessage: { status: "streaming" } });
    expect(message).toMatchObject({ status: "complete", content: SCRIPT_ANSWER, reasoning: SCRIPT_REASONING });
    expect(message.metrics?.answerTokens).toBeGreaterThan(0);
    const thread = store.getThread(conversationId);
    expect(thread.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(thread.conversation.title).toBe("求面积");
    // a follow-up goes under the last answer
    const second = await chat.send({ conversationId, text: "再来一次" }, () => {}, never());
    expect(store.getThread(second.conversationId).messages).toHaveLength(4);
  });

  it("regenerate and edit make new branches", async () => {
    await engine.load(ensureModel({ kind: "scripted" }));
    const first = await chat.send({ text: "Q", settings: greedy }, () => {}, never());
    const thread = store.getThread(first.conversationId);
    const question = thread.messages[0]!;
    await chat.regenerate({ conversationId: first.conversationId, userMessageId: question.id }, () => {}, never());
    const after = store.getThread(first.conversationId);
    expect(after.messages[1]).toMatchObject({ siblingIndex: 1, siblingCount: 2 });
    await chat.send({ conversationId: first.conversationId, text: "Q edited", parentId: null }, () => {}, never());
    const edited = store.getThread(first.conversationId);
    expect(edited.messages[0]).toMatchObject({ content: "Q edited", siblingIndex: 1, siblingCount: 2 });
  });

  it("saves while streaming and keeps the partial answer when stopped", async () => {
    await engine.load(ensureModel({ kind: "endless" }));
    const controller = new AbortController();
    let assistantId = "";
    let savedMidway = "";
    const result = chat.send(
      { text: "Go", settings: greedy },
      (event) => {
        if (event.kind === "created") assistantId = event.assistantMessage.id;
        if (event.kind === "answer" && !savedMidway) {
          setTimeout(() => {
            savedMidway = store.getMessage(assistantId)!.reasoning;
            controller.abort();
          }, 200);
        }
      },
      controller.signal,
    );
    const { message } = await result;
    expect(savedMidway).toBe(SCRIPT_REASONING); // persisted before the end
    expect(message.status).toBe("stopped");
    expect(message.content.length).toBeGreaterThan(0);
    expect(store.getMessage(assistantId)?.content).toBe(message.content);
  });

  it("keeps the partial text as an error when the engine dies mid-answer", async () => {
    await engine.load(ensureModel({ kind: "endless" }));
    let assistantId = "";
    let killed = false;
    const error = (await chat
      .send(
        { text: "Go", settings: greedy },
        (event) => {
          if (event.kind === "created") assistantId = event.assistantMessage.id;
          if (event.kind === "answer" && !killed) {
            killed = true;
            process.kill(engine.pid!, "SIGKILL");
          }
        },
        never(),
      )
      .catch((e: unknown) => e)) as Error & { code: string };
    expect(error.code).toBe("engine_crashed");
    const message = store.getMessage(assistantId)!;
    expect(message.status).toBe("error");
    expect(message.error).toMatch(/stopped unexpectedly/);
    expect(message.reasoning).toBe(SCRIPT_REASONING);
    await engine.restart();
  });
});

describe("chat with an attached document", () => {
  it("sends the pages that hold the answer, records which were used, and keeps the stored question as typed", async () => {
    const { PDFDocument, StandardFonts } = await import("pdf-lib");
    const { AttachmentStore } = await import("../documents/attachment-store.js");
    const { extractDocument } = await import("../documents/extract-text.js");
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (const text of [
      "Chapter one: units.",
      "The rectangle is 10 cm wide and 15 cm long.",
      "Chapter three: circles.",
    ]) {
      doc.addPage().drawText(text, { x: 50, y: 700, size: 12, font });
    }
    const attachments = new AttachmentStore(path.join(dir, "attachments"));
    const stored = await attachments.save(await extractDocument("geometry.pdf", await doc.save()));
    await engine.load(ensureModel({ kind: "scripted" }));
    const withDocs = new ChatService(store, engine, 50, attachments);
    const { conversationId, message } = await withDocs.send(
      { text: "What is the rectangle's area?", settings: greedy, attachmentIds: [stored.id] },
      () => {},
      never(),
    );
    expect(message.content).toBe(SCRIPT_ANSWER);
    const question = store.getThread(conversationId).messages[0]!;
    expect(question.content).toBe("What is the rectangle's area?");
    expect(question.attachments).toEqual([{ id: stored.id, name: "geometry.pdf", kind: "pdf", pagesUsed: [1, 2, 3] }]);
    await expect(
      withDocs.send({ text: "Again", attachmentIds: ["00000000-0000-0000-0000-000000000000"] }, () => {}, never()),
    ).rejects.toThrow(/no longer available/);

    // what the model is asked: follow-ups and regenerations still see the document; a mode adds its instruction
    const generate = vi.spyOn(engine, "generate");
    const lastAsked = () => (generate.mock.calls.at(-1)![0] as { text: string }[]).at(-1)!.text;
    const followUp = await withDocs.send({ conversationId, text: "And its perimeter?" }, () => {}, never());
    expect(lastAsked()).toContain("The rectangle is 10 cm wide and 15 cm long.");
    expect(lastAsked()).toMatch(/And its perimeter\?$/);
    expect(store.getMessage(followUp.message.parentId!)!.attachments.map((a) => a.id)).toEqual([stored.id]);
    await withDocs.regenerate({ conversationId, userMessageId: question.id }, () => {}, never());
    expect(lastAsked()).toContain("The rectangle is 10 cm wide and 15 cm long.");
    store.updateSettings(conversationId, { ...greedy, mode: "math" });
    await withDocs.send({ conversationId, text: "Compute 15 × 10." }, () => {}, never());
    expect(lastAsked()).toMatch(
      /Compute 15 × 10\.\n\nPlease reason step by step, and put your final answer within \\boxed\{\}\.$/,
    );
    expect(store.getThread(conversationId).messages.at(-2)!.content).toBe("Compute 15 × 10.");
    generate.mockRestore();
  });
});
