import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
const never = () => new AbortController().signal;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "inkstone-attempts-"));
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

describe("Math mode: check with N attempts", () => {
  it("answers with the majority of 3 attempts, keeping each attempt with the message", async () => {
    await engine.load(ensureModel({ kind: "scripted" }));
    const events: ChatEvent[] = [];
    const sent = await chat.send(
      { text: "A rectangle's perimeter is 50 cm…", settings: { temperature: 0, mode: "math", attempts: 3 } },
      (e) => events.push(e),
      never(),
    );
    const { message } = sent;
    expect(message).toMatchObject({ status: "complete", finishReason: "end", content: SCRIPT_ANSWER });
    expect(message.reasoning).toBe(SCRIPT_REASONING);
    expect(message.agreement).toMatchObject({ final: "150", size: 3, of: 3, chosen: 0 });
    expect(message.agreement!.attempts.map((a) => a.final)).toEqual(["150", "150", "150"]);
    // metrics for the whole: the three attempts' tokens
    const single = message.agreement!.attempts[0]!.metrics;
    expect(message.metrics!.answerTokens).toBe(3 * single.answerTokens);
    // the chat heard each attempt's progress, and last that all three ended
    const progress = events.filter((e) => e.kind === "attempts");
    expect(progress.at(-1)).toMatchObject({
      attempts: [{ finishReason: "end" }, { finishReason: "end" }, { finishReason: "end" }],
    });
    // no single-answer text streamed into the message while the attempts ran
    expect(events.some((e) => e.kind === "answer")).toBe(false);
    // stored: the attempts are there after the history is read again
    expect(store.getThread(sent.conversationId).messages.at(-1)?.agreement?.attempts).toHaveLength(3);
  });

  it("Stop stops all the attempts; what each wrote is kept", async () => {
    // the random model writes on until its tokens run out (no loop, no end)
    await engine.load(ensureModel({ kind: "random" }));
    const stop = new AbortController();
    const { message } = await chat.send(
      { text: "Go", settings: { temperature: 0.6, seed: 3, mode: "math", attempts: 5, maxTokens: 4000 } },
      (e) => {
        if (e.kind === "attempts" && e.attempts.every((a) => a.reasoningTokens > 0)) stop.abort();
      },
      stop.signal,
    );
    expect(message).toMatchObject({ status: "stopped", finishReason: "stopped" });
    expect(message.agreement?.of).toBe(5);
    expect(message.agreement!.attempts.map((a) => a.finishReason)).toEqual(Array(5).fill("stopped"));
    for (const attempt of message.agreement!.attempts) expect(attempt.reasoning.length).toBeGreaterThan(0);
  });

  it("outside Math mode the setting asks one answer", async () => {
    await engine.load(ensureModel({ kind: "scripted" }));
    const { message } = await chat.send({ text: "Hi", settings: { temperature: 0, attempts: 3 } }, () => {}, never());
    expect(message.agreement).toBeNull();
    expect(message.content).toBe(SCRIPT_ANSWER);
  });
});
