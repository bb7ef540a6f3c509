import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureModel } from "../../../scripts/gguf/model-cache.js";
import {
  ANSWER_UNITS,
  REASONING_UNITS,
  SCRIPT_ANSWER,
  SCRIPT_REASONING,
} from "../../../scripts/gguf/scripted-answer.js";
import { ANSWER_NOW_LINE, type GenerationEvent, generationSettingsSchema } from "../../shared/engine-schemas.js";
import { EngineClient } from "./engine-client.js";
import { spawnNodeEngine } from "./node-engine-process.js";

const greedy = (extra: Record<string, unknown> = {}) => generationSettingsSchema.parse({ temperature: 0, ...extra });
const ask = (text: string) => [{ role: "user" as const, text }];
const never = () => new AbortController().signal;

let engine: EngineClient;
beforeAll(async () => {
  // one thread: on a busy machine two spinning threads wait on each other for ~0.5 s a token
  engine = new EngineClient({ spawn: spawnNodeEngine, backend: "cpu", threads: 1 });
  await engine.start();
});
afterAll(async () => {
  await engine.dispose();
});

function tokensOf(events: GenerationEvent[], kind: "reasoning" | "answer") {
  return events.reduce((sum, e) => sum + (e.kind === kind ? (e.tokens ?? 0) : 0), 0);
}

describe("loop detection", () => {
  it("stops the endless model's looping answer within 200 tokens of the loop's start, as `looping`", async () => {
    await engine.load(ensureModel({ kind: "endless" }));
    const events: GenerationEvent[] = [];
    const result = await engine.generate(ask("Go"), greedy(), (e) => events.push(e), never());
    expect(result.finishReason).toBe("looping");
    expect(result.status).toBe("stopped");
    expect(result.reasoning).toBe(SCRIPT_REASONING);
    expect(result.reasoningUnfinished).toBe(false);
    // the loop starts where the answer's script begins again
    expect(result.answer.startsWith(SCRIPT_ANSWER + ANSWER_UNITS[0])).toBe(true);
    const loopStart = ANSWER_UNITS.length;
    expect(result.metrics.answerTokens - loopStart).toBeLessThanOrEqual(200);
    expect(tokensOf(events, "answer")).toBe(result.metrics.answerTokens);
  });

  it("stops a looping thought as `looping`, with the reasoning unfinished", async () => {
    await engine.load(ensureModel({ kind: "ruminating" }));
    const result = await engine.generate(ask("Go"), greedy(), () => {}, never());
    expect(result).toMatchObject({ finishReason: "looping", reasoningUnfinished: true, answer: "" });
    expect(result.metrics.reasoningTokens - REASONING_UNITS.length).toBeLessThanOrEqual(200);
  });

  it("leaves the scripted and the random models alone", async () => {
    await engine.load(ensureModel({ kind: "scripted" }));
    expect((await engine.generate(ask("Go"), greedy(), () => {}, never())).finishReason).toBe("end");
    await engine.load(ensureModel({ kind: "random" }));
    for (const seed of [1, 2, 3]) {
      const result = await engine.generate(
        ask("Go"),
        greedy({ temperature: 0.6, seed, maxTokens: 400 }),
        () => {},
        never(),
      );
      expect(result.finishReason).not.toBe("looping");
    }
  });
});

describe("answer now and the thinking budget", () => {
  it("answer now closes the thought with a line and </think>, then answers in the same generation", async () => {
    await engine.load(ensureModel({ kind: "ruminating" }));
    const answerNow = new AbortController();
    const events: GenerationEvent[] = [];
    const result = await engine.generate(
      ask("Go"),
      greedy(),
      (e) => {
        events.push(e);
        if (e.kind === "reasoning" && tokensOf(events, "reasoning") >= 10) answerNow.abort();
      },
      never(),
      { answerNow: answerNow.signal },
    );
    expect(result).toMatchObject({ finishReason: "end", reasoningCut: "answer_now", answer: SCRIPT_ANSWER });
    expect(result.reasoning.endsWith(ANSWER_NOW_LINE)).toBe(true);
    expect(result.reasoning.startsWith(SCRIPT_REASONING)).toBe(true);
    expect(result.reasoningUnfinished).toBe(false);
  });

  it("answers from a stopped thought (after a loop), leaving the loop's repeats out of what the model reads", async () => {
    await engine.load(ensureModel({ kind: "ruminating" }));
    const looped = await engine.generate(ask("Go"), greedy(), () => {}, never());
    const result = await engine.generate(ask("Go"), greedy(), () => {}, never(), { answerFrom: looped.reasoning });
    expect(result).toMatchObject({ finishReason: "end", reasoningCut: "answer_now", answer: SCRIPT_ANSWER });
    expect(result.reasoning).toBe(ANSWER_NOW_LINE);
    // one copy of the looping thought is kept (the text's tokens, not the script's one-token units)
    const loopedTokens = await engine.countTokens(looped.reasoning);
    expect(result.metrics.promptTokens).toBeLessThan(loopedTokens / 4);
  });

  it("at the budget the model answers by itself: finish reason `budget`", async () => {
    await engine.load(ensureModel({ kind: "ruminating" }));
    const result = await engine.generate(ask("Go"), greedy({ reasoningBudget: 20 }), () => {}, never());
    expect(result).toMatchObject({ finishReason: "budget", reasoningCut: "budget", answer: SCRIPT_ANSWER });
    // each unit of the script is one token: the thought was cut at the 20th
    const thought = result.reasoning.slice(0, -ANSWER_NOW_LINE.length);
    expect(thought).toBe(REASONING_UNITS.join("").repeat(5));
    expect(result.reasoning.endsWith(ANSWER_NOW_LINE)).toBe(true);
  });

  it("caps the tokens by the room left in the context, keeping room for the answer", async () => {
    await engine.load(ensureModel({ kind: "ruminating" }), { contextSize: 256 });
    const result = await engine.generate(ask("Go"), greedy({ reasoningBudget: 100_000 }), () => {}, never());
    // the loop would be caught first; with a larger context the budget is what the room leaves
    expect(["budget", "looping"]).toContain(result.finishReason);
    const total = result.metrics.promptTokens + result.metrics.reasoningTokens + result.metrics.answerTokens;
    expect(total).toBeLessThanOrEqual(256);
  });
});
