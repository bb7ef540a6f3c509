/** Loop detection, Answer now and the thinking budget on a remote engine, as the user sees them in a conversation. */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ANSWER_NOW_LINE } from "../../shared/engine-schemas.js";
import { type FakeServer, type Step, startFakeOpenAI, streamOf } from "../../test/fake-openai-server.js";
import { ChatService } from "../chat/chat-service.js";
import type { EngineClient } from "../engine/engine-client.js";
import { HistoryStore } from "../history/history-store.js";
import { UnavailableSecretStore } from "../secrets/secret-store.js";
import { EngineRegistry } from "./engine-registry.js";
import { remoteAnswerers } from "./remote-answerer.js";
import { ANSWER_ONLY_REQUEST } from "./remote-steering.js";

let dir: string;
let fake: FakeServer;
let store: HistoryStore;
let chat: ChatService;
/** A llama-server (continues the cut thought as the assistant's message) and a vLLM server (asked for the answer). */
const engines: Record<"llama" | "vllm", { engineId: string; host: string; model: string }> = {} as never;
const never = () => new AbortController().signal;
type Sent = { role: string; content: string; reasoning_content?: string }[];

const prefix = "Compare 9.11 and 9.8: look at the tenths first.\n";
const unit = [
  "Wait",
  ",",
  " 9",
  ".",
  "11",
  " has",
  " 1",
  " tenth",
  ",",
  " so",
  " 9",
  ".",
  "8",
  " is",
  " larger",
  ".\n",
];
/** A thought that goes round forever (far longer than any test reads). */
const endlessThought: Step[] = streamOf([
  ["reasoning_content", prefix],
  ...Array.from({ length: 300 }, () => unit.map((t) => ["reasoning_content", t] as [string, string])).flat(),
]);
const answer = "9.8 is larger: $\\boxed{9.8}$";

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "inkstone-remote-steer-"));
  fake = await startFakeOpenAI();
  store = HistoryStore.open(dir);
  const registry = new EngineRegistry(dir, new UnavailableSecretStore());
  await registry.load();
  for (const [key, preset] of [
    ["llama", "llama-server"],
    ["vllm", "vllm"],
  ] as const) {
    const engine = await registry.save({ name: key, preset, url: fake.url, model: "fake-r1" });
    engines[key] = { engineId: engine.id, host: engine.host, model: "fake-r1" };
  }
  chat = new ChatService(store, {} as EngineClient, 50, undefined, undefined, remoteAnswerers(registry).answerer);
});
afterAll(async () => {
  store.close();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.received = [];
  fake.models = { object: "list", data: [{ id: "fake-r1", object: "model", max_model_len: 2048 }] };
});

describe("steering an answer from a remote engine", () => {
  it("stops a looping thought within 200 tokens (the request closed, the reasoning kept), then answers now from it", async () => {
    fake.replies = [{ steps: endlessThought }, { steps: streamOf([["content", answer]]) }];
    const looped = await chat.send({ text: "9.11 or 9.8?", engine: engines.llama }, () => {}, never());
    expect(looped.message).toMatchObject({ status: "stopped", finishReason: "looping", content: "" });
    expect(looped.message.reasoning.startsWith(prefix + unit.join(""))).toBe(true);
    // the loop starts at the unit's second copy; it was stopped within 200 streamed tokens of it
    expect(looped.message.metrics!.reasoningTokens - 1 - unit.length).toBeLessThanOrEqual(200);
    await waitFor(() => fake.received[0]!.closedAt !== null);

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
      content: answer,
      reasoning: looped.message.reasoning + ANSWER_NOW_LINE,
    });
    // llama-server continues the assistant's message after the cut thought, closed; the loop's copies are left out
    // (from where the repetition starts: the first copy's last ".\n" repeats the prefix's)
    expect(fake.received[1]!.body).toMatchObject({ continue_final_message: "content", add_generation_prompt: false });
    // the stored thought is now in the prompt: the answer's cap leaves room for it
    const cap = (i: number) => fake.received[i]!.body.max_tokens as number;
    expect(cap(1)).toBeLessThan(cap(0) - 20);
    expect((fake.received[1]!.body.messages as Sent).at(-1)).toEqual({
      role: "assistant",
      content: "",
      reasoning_content: `\n${prefix}${unit.join("").slice(0, -2)}${ANSWER_NOW_LINE}`,
    });
  });

  it("Answer now while thinking: the request is closed and the answer comes from the cut thought, in the same message", async () => {
    fake.replies = [
      { steps: [...endlessThought.slice(0, 5), { wait: 10_000 }] },
      { steps: streamOf([["content", answer]]) },
    ];
    let reasoningSeen = 0;
    let id = "";
    let cutShort = false;
    const { message } = await chat.send(
      { text: "9.11 or 9.8?", engine: engines.llama },
      (event) => {
        if (event.kind === "created") id = event.assistantMessage.id;
        if (event.kind === "reasoning" && ++reasoningSeen === 5) cutShort = chat.answerNow(id);
      },
      never(),
    );
    expect(cutShort).toBe(true);
    expect(message).toMatchObject({
      status: "complete",
      finishReason: "end",
      reasoningCut: "answer_now",
      content: answer,
    });
    expect(message.reasoning.endsWith(ANSWER_NOW_LINE)).toBe(true);
    expect(fake.received[0]!.closedAt).not.toBeNull();
    const thought = message.reasoning;
    expect((fake.received[1]!.body.messages as Sent).at(-1)).toMatchObject({ reasoning_content: `\n${thought}` });
    expect(message.metrics!.reasoningTokens).toBeGreaterThanOrEqual(5);
  });

  it("the thinking budget answers by itself; a vLLM server is asked for the answer, and its second thought stays reasoning", async () => {
    fake.replies = [
      { steps: endlessThought },
      {
        steps: streamOf([
          ["reasoning_content", "So 9.8."],
          ["content", answer],
        ]),
      },
    ];
    const { message } = await chat.send(
      { text: "9.11 or 9.8?", engine: engines.vllm, settings: { reasoningBudget: 16 } },
      () => {},
      never(),
    );
    expect(message).toMatchObject({
      status: "complete",
      finishReason: "budget",
      reasoningCut: "budget",
      content: answer,
    });
    const thought = message.reasoning.slice(0, message.reasoning.indexOf(ANSWER_NOW_LINE));
    expect(message.reasoning).toBe(`${thought}${ANSWER_NOW_LINE}So 9.8.`);
    expect(fake.received[0]!.closedAt).not.toBeNull();
    const sent = fake.received[1]!.body.messages as Sent;
    expect(sent.slice(-2)).toEqual([
      { role: "assistant", content: thought + ANSWER_NOW_LINE },
      { role: "user", content: ANSWER_ONLY_REQUEST },
    ]);
    // a server that refuses llama-server's continuation (HTTP 400) is asked for the answer instead
    fake.replies = [
      { steps: endlessThought },
      { status: 400, json: { error: { message: "Unknown field continue_final_message" } } },
      { steps: streamOf([["content", answer]]) },
    ];
    const refused = await chat.send(
      { text: "9.11 or 9.8?", engine: engines.llama, settings: { reasoningBudget: 16 } },
      () => {},
      never(),
    );
    expect(refused.message).toMatchObject({ finishReason: "budget", content: answer });
    expect((fake.received.at(-1)!.body.messages as Sent).at(-1)).toEqual({
      role: "user",
      content: ANSWER_ONLY_REQUEST,
    });
    // no answer dies from overflow: the request's cap is the room left in the server's context (2048)
    expect(fake.received[0]!.body.max_tokens as number).toBeLessThan(2048);
    expect((fake.received[0]!.body.max_tokens as number) + 10).toBeGreaterThan(2048 - 64);
  });
});

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
