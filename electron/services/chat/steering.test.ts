import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ensureModel } from "../../../scripts/gguf/model-cache.js";
import { SCRIPT_ANSWER, SCRIPT_REASONING } from "../../../scripts/gguf/scripted-answer.js";
import { ANSWER_NOW_LINE } from "../../shared/engine-schemas.js";
import { EngineClient } from "../engine/engine-client.js";
import { spawnNodeEngine } from "../engine/node-engine-process.js";
import { HistoryStore } from "../history/history-store.js";
import { CHINESE_ANSWER_INSTRUCTION } from "./answer-language.js";
import { ChatService } from "./chat-service.js";

let dir: string;
let store: HistoryStore;
let engine: EngineClient;
let chat: ChatService;
const greedy = { temperature: 0 };
const never = () => new AbortController().signal;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "inkstone-steer-"));
  store = HistoryStore.open(dir);
  engine = new EngineClient({ spawn: spawnNodeEngine, backend: "cpu", threads: 1 });
  await engine.start();
  chat = new ChatService(store, engine, 50);
});
afterAll(async () => {
  await engine.dispose();
  store.close();
  await rm(dir, { recursive: true, force: true });
});

describe("steering an answer", () => {
  it("stores a loop as finish reason `looping`, and answers now from it in the same message", async () => {
    await engine.load(ensureModel({ kind: "ruminating" }));
    const looped = await chat.send({ text: "Go", settings: greedy }, () => {}, never());
    expect(looped.message).toMatchObject({ status: "stopped", finishReason: "looping", content: "" });
    expect(store.getMessage(looped.message.id)?.finishReason).toBe("looping");
    const answered = await chat.continueAnswer(
      { conversationId: looped.conversationId, messageId: looped.message.id },
      () => {},
      never(),
    );
    expect(answered.message).toMatchObject({
      id: looped.message.id,
      status: "complete",
      finishReason: "end",
      reasoningCut: "answer_now",
      content: SCRIPT_ANSWER,
    });
    expect(answered.message.reasoning).toBe(looped.message.reasoning + ANSWER_NOW_LINE);
    expect(store.getThread(looped.conversationId).messages).toHaveLength(2);
  });

  it("answer now while thinking; the thinking budget does the same by itself", async () => {
    await engine.load(ensureModel({ kind: "ruminating" }));
    let messageId = "";
    const live = await chat.send(
      { text: "Go", settings: greedy },
      (event) => {
        if (event.kind === "created") messageId = event.assistantMessage.id;
        if (event.kind === "reasoning" && messageId) chat.answerNow(messageId);
      },
      never(),
    );
    expect(live.message).toMatchObject({ finishReason: "end", reasoningCut: "answer_now", content: SCRIPT_ANSWER });
    expect(chat.answerNow(messageId)).toBe(false); // nothing is generating any more
    const budgeted = await chat.send({ text: "Go", settings: { ...greedy, reasoningBudget: 12 } }, () => {}, never());
    expect(budgeted.message).toMatchObject({ finishReason: "budget", reasoningCut: "budget", content: SCRIPT_ANSWER });
  });

  it("asks for a Chinese answer in the user turn of a Chinese conversation (question's language, else the app's)", async () => {
    await engine.load(ensureModel({ kind: "scripted" }));
    const generate = vi.spyOn(engine, "generate");
    const asked = () => generate.mock.calls.at(-1)![0].at(-1)!.text;
    await chat.send({ text: "一个矩形的周长为 50cm,求面积。", settings: greedy }, () => {}, never());
    expect(asked()).toBe(`一个矩形的周长为 50cm,求面积。\n\n${CHINESE_ANSWER_INSTRUCTION}`);
    expect(generate.mock.calls.at(-1)![1].systemPrompt).toBe("");
    await chat.send({ text: "What is 2 + 3?", settings: greedy, uiLanguage: "zh-CN" }, () => {}, never());
    expect(asked()).toBe("What is 2 + 3?");
    // no words to tell: the app's language decides
    await chat.send({ text: "2 + 3 = ?", settings: greedy, uiLanguage: "zh-CN" }, () => {}, never());
    expect(asked()).toContain(CHINESE_ANSWER_INSTRUCTION);
    await chat.send({ text: "2 + 3 = ?", settings: greedy, uiLanguage: "en" }, () => {}, never());
    expect(asked()).toBe("2 + 3 = ?");
    generate.mockRestore();
  });

  it("the endless model's looping answer is stored as `looping`", async () => {
    await engine.load(ensureModel({ kind: "endless" }));
    const { message } = await chat.send({ text: "Go", settings: greedy }, () => {}, never());
    expect(message).toMatchObject({ status: "stopped", finishReason: "looping", reasoning: SCRIPT_REASONING });
    await expect(
      chat.continueAnswer({ conversationId: message.conversationId, messageId: message.id }, () => {}, never()),
    ).rejects.toMatchObject({ code: "invalid_request" });
  });
});
