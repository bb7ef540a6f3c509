/** A conversation answered by a remote engine: stored with its choice, each answer with its engine and model, faults keep the partial. */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChatEvent } from "../../shared/chat-schemas.js";
import { delta, type FakeServer, fakeTokens, startFakeOpenAI, streamOf } from "../../test/fake-openai-server.js";
import { ChatService } from "../chat/chat-service.js";
import type { EngineClient } from "../engine/engine-client.js";
import { HistoryStore } from "../history/history-store.js";
import { UnavailableSecretStore } from "../secrets/secret-store.js";
import { EngineRegistry } from "./engine-registry.js";
import { remoteAnswerers } from "./remote-answerer.js";

let dir: string;
let fake: FakeServer;
let store: HistoryStore;
let registry: EngineRegistry;
let chat: ChatService;
let choice: { engineId: string; host: string; model: string };
const never = () => new AbortController().signal;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "inkstone-remote-chat-"));
  fake = await startFakeOpenAI({ apiKey: "sk-class" });
  store = HistoryStore.open(dir);
  registry = new EngineRegistry(dir, new UnavailableSecretStore());
  await registry.load();
  const engine = await registry.save({
    name: "Lab",
    preset: "vllm",
    url: `${fake.url}/v1`,
    model: "fake-r1",
    apiKey: "sk-class",
  });
  choice = { engineId: engine.id, host: engine.host, model: "fake-r1" };
  // no local engine at all: a remote conversation must not need one
  chat = new ChatService(store, {} as EngineClient, 50, undefined, undefined, remoteAnswerers(registry).answerer);
});
afterAll(async () => {
  store.close();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.received = [];
});

describe("a conversation on a remote engine", () => {
  it("keeps the engine with the conversation and the engine and model with each answer; regenerate asks the same server", async () => {
    fake.replies = [
      {
        steps: streamOf([
          ["reasoning_content", "50 × 3"],
          ["content", "$\\boxed{150}$"],
        ]),
      },
    ];
    const { conversationId, message } = await chat.send({ text: "How far?", engine: choice }, () => {}, never());
    expect(message).toMatchObject({
      status: "complete",
      reasoning: "50 × 3",
      content: "$\\boxed{150}$",
      engine: choice.host,
      model: "fake-r1",
    });
    expect(store.requireConversation(conversationId).engine).toEqual(choice);
    const follow = await chat.send({ conversationId, text: "And in 4 hours?" }, () => {}, never());
    expect(follow.message.engine).toBe(choice.host);
    const asked = fake.received.at(-1)!.body.messages as { role: string; content: string }[];
    expect(asked.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(asked[1]!.content).toBe("$\\boxed{150}$"); // earlier reasoning is not sent back
    const question = store.getThread(conversationId).messages.at(-2)!;
    const again = await chat.regenerate({ conversationId, userMessageId: question.id }, () => {}, never());
    expect(again.message).toMatchObject({ engine: choice.host, model: "fake-r1" });
    expect(fake.received.every((r) => r.authorization === "Bearer sk-class")).toBe(true);
  });

  it("an engine asked for no model in particular records the model the server names", async () => {
    const any = await registry.save({
      name: "Any",
      preset: "llama-server",
      url: `${fake.url}/v1`,
      model: "",
      apiKey: "sk-class",
    });
    fake.replies = [{ steps: streamOf([["content", "</think>ok"]]) }];
    const { message } = await chat.send(
      { text: "Hi", engine: { engineId: any.id, host: any.host, model: "" } },
      () => {},
      never(),
    );
    expect(message).toMatchObject({ status: "complete", engine: any.host, model: "fake-r1" });
    expect(fake.received.at(-1)!.body.model).toBeUndefined(); // the request still leaves the choice to the server
    await registry.remove(any.id);
  });

  it("Check with 3 attempts: three requests at once, each its own seed; the answers agree on 150", async () => {
    fake.replies = [
      {
        steps: [
          { data: delta({ reasoning_content: "50 × 3" }) },
          { wait: 600 },
          ...streamOf([["content", "$\\boxed{150}$"]]),
        ],
      },
    ];
    const events: ChatEvent[] = [];
    const { message } = await chat.send(
      { text: "How far in 3 hours at 50 km/h?", engine: choice, settings: { mode: "math", attempts: 3, seed: 5 } },
      (e) => events.push(e),
      never(),
    );
    expect(message).toMatchObject({
      status: "complete",
      content: "$\\boxed{150}$",
      engine: choice.host,
      model: "fake-r1",
    });
    expect(message.agreement).toMatchObject({ final: "150", size: 3, of: 3 });
    expect(message.agreement!.attempts.map((a) => a.reasoning)).toEqual(["50 × 3", "50 × 3", "50 × 3"]);
    const asked = fake.received.filter((r) => r.path.endsWith("/chat/completions"));
    expect(asked.map((r) => r.body.seed)).toEqual([5, 5 + 7919, 5 + 2 * 7919]);
    // at once, not one after another (each reply takes 600 ms)
    const closed = asked.map((r) => r.closedAt!);
    expect(Math.max(...closed) - Math.min(...closed)).toBeLessThan(500);
    expect(events.some((e) => e.kind === "attempts")).toBe(true);
  });

  it("keeps what arrived when the stream drops, with the fault's message", async () => {
    fake.replies = [
      {
        steps: [
          { data: delta({ reasoning_content: "Half" }) },
          { data: delta({ content: "The answer is 1" }) },
          { wait: 30 },
          { drop: true },
        ],
      },
    ];
    const failed = await chat
      .send({ text: "Q", engine: choice }, () => {}, never())
      .catch((e: unknown) => e as Error & { details: { messageId: string; reason: string } });
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toMatch(/dropped in the middle of the answer/);
    const stored = store.getMessage((failed as { details: { messageId: string } }).details.messageId)!;
    expect(stored).toMatchObject({
      status: "error",
      reasoning: "Half",
      content: "The answer is 1",
      engine: choice.host,
      // the code and parameters, so that the stored line is worded in the UI's language
      errorFault: { reason: "dropped", params: { host: choice.host } },
    });
  });

  it("Stop keeps the partial answer as stopped", async () => {
    fake.replies = [{ steps: [{ data: delta({ content: "</think>Part" }) }, { wait: 10_000 }] }];
    const stop = new AbortController();
    const sent = chat.send(
      { text: "Q", engine: choice },
      (e) => {
        if (e.kind === "answer") stop.abort();
      },
      stop.signal,
    );
    const { message } = await sent;
    expect(message).toMatchObject({ status: "stopped", content: "Part" });
  });

  it("never writes the key to its file; without a keychain it is asked again at the next launch", async () => {
    expect(await readFile(path.join(dir, "remote-engines.json"), "utf8")).not.toContain("sk-class");
    const nextLaunch = new EngineRegistry(dir, new UnavailableSecretStore());
    await nextLaunch.load();
    expect((await nextLaunch.list())[0]).toMatchObject({ key: "missing", usesKey: true });
    await expect(nextLaunch.config(choice.engineId)).rejects.toThrow(/Enter the API key for Lab/);
  });

  it.each([
    ["counted by the server's /tokenize", true],
    ["estimated (no /tokenize)", false],
  ])(
    "a conversation longer than the server's context still gets answers, each request within it (%s)",
    async (_, tokenize) => {
      fake.props = { default_generation_settings: { n_ctx: 1024 } };
      fake.contextTokens = 1024;
      fake.tokenize = tokenize;
      // about 400 tokens an answer: the third question's conversation is longer than the context
      // varied words (a repeated phrase would be stopped as a loop)
      const words = "speed time distance hour road car train north east metre total half double sum rate".split(" ");
      const long = (i: number) => {
        let seed = i * 7919;
        const pick = () => {
          seed = (seed * 1103515245 + 12345) % 2 ** 31;
          return words[Math.floor(seed / 65536) % words.length];
        };
        return `Answer ${i}: ${Array.from({ length: 240 }, pick).join(" ")}`;
      };
      fake.replies = [1, 2, 3, 4, 5].map((i) => ({ steps: streamOf([["content", `</think>${long(i)}`]]) }));
      const fresh = new ChatService(
        store,
        {} as EngineClient,
        50,
        undefined,
        undefined,
        remoteAnswerers(registry).answerer,
      );
      const events: ChatEvent[] = [];
      let conversationId: string | undefined;
      try {
        for (const i of [1, 2, 3, 4, 5]) {
          const turn = await fresh.send(
            { conversationId, text: `Question ${i}?`, engine: choice },
            (e) => events.push(e),
            never(),
          );
          expect(turn.message).toMatchObject({ status: "complete", content: long(i) });
          conversationId = turn.conversationId;
        }
      } finally {
        fake.props = null;
        fake.contextTokens = null;
        fake.tokenize = false;
      }
      const everything = store.getThread(conversationId!).messages.reduce((n, m) => n + 4 + fakeTokens(m.content), 0);
      expect(everything).toBeGreaterThan(1024); // sent whole, the server would have refused it
      const requests = fake.received.filter((r) => r.path === "/v1/chat/completions");
      expect(requests).toHaveLength(5);
      for (const r of requests) expect(r.promptTokens).toBeLessThanOrEqual(1024 - 256); // the answer's room kept
      const last = requests.at(-1)!.body.messages as { role: string; content: string }[];
      expect(last.at(-1)!.content).toContain("Question 5?");
      expect(last.at(-2)!.content).toBe(long(4)); // the answer the question follows, whole
      expect(last.some((m) => m.content.includes("Question 1?"))).toBe(false);
      expect(events).toContainEqual(expect.objectContaining({ kind: "notice", code: "context_shifted" }));
    },
  );
});
