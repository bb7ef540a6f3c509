import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureModel } from "../../../scripts/gguf/model-cache.js";
import { SCRIPT_ANSWER, SCRIPT_TOKENS_AFTER_THINK } from "../../../scripts/gguf/scripted-answer.js";
import { agreeOnAnswers } from "../../shared/answers/index.js";
import { generationSettingsSchema } from "../../shared/engine-schemas.js";
import { EngineClient } from "./engine-client.js";
import { spawnNodeEngine } from "./node-engine-process.js";

const ask = (text: string) => [{ role: "user" as const, text }];

let engine: EngineClient;
beforeAll(async () => {
  engine = new EngineClient({ spawn: spawnNodeEngine, backend: "cpu", threads: 1 });
  await engine.start();
});
afterAll(async () => {
  await engine.dispose();
});

describe("several attempts at once (agreement)", () => {
  it("runs 3 attempts in parallel sequences; the scripted model's three answers agree on 150", async () => {
    await engine.load(ensureModel({ kind: "scripted" }));
    const seen = new Map<number, number>();
    const result = await engine.generateAttempts(
      ask("What is the area?"),
      generationSettingsSchema.parse({ temperature: 0 }),
      3,
      (attempt, _kind, _text, tokens) => seen.set(attempt, (seen.get(attempt) ?? 0) + tokens),
      () => {},
      new AbortController().signal,
    );
    expect(result.attempts.map((a) => a.answer)).toEqual([SCRIPT_ANSWER, SCRIPT_ANSWER, SCRIPT_ANSWER]);
    expect(result.attempts.map((a) => a.finishReason)).toEqual(["end", "end", "end"]);
    // every attempt streamed its own tokens
    expect([...seen.keys()].sort()).toEqual([0, 1, 2]);
    for (const tokens of seen.values()) expect(tokens).toBe(SCRIPT_TOKENS_AFTER_THINK - 1);
    // metrics for the whole: the three attempts' tokens together
    expect(result.metrics.reasoningTokens + result.metrics.answerTokens).toBe(3 * (SCRIPT_TOKENS_AFTER_THINK - 1));
    const agreement = agreeOnAnswers(result.attempts.map((a) => a.answer));
    expect(agreement).toMatchObject({ key: "150", size: 3, of: 3, chosen: 0 });
    // the loaded conversation's context is still usable afterwards
    const single = await engine.generate(
      ask("Again"),
      generationSettingsSchema.parse({ temperature: 0 }),
      () => {},
      new AbortController().signal,
    );
    expect(single.answer).toBe(SCRIPT_ANSWER);
  });

  it("Stop stops every attempt, each keeping what it wrote", async () => {
    await engine.load(ensureModel({ kind: "ruminating" }));
    const stop = new AbortController();
    let chunks = 0;
    const result = await engine.generateAttempts(
      ask("Go"),
      generationSettingsSchema.parse({ temperature: 0 }),
      4,
      () => {
        if (++chunks === 8) stop.abort();
      },
      () => {},
      stop.signal,
    );
    expect(result.attempts).toHaveLength(4);
    expect(result.attempts.map((a) => a.finishReason)).toEqual(["stopped", "stopped", "stopped", "stopped"]);
    // stopped early: none of them ran on to the loop detector
    for (const attempt of result.attempts) expect(attempt.metrics.reasoningTokens).toBeLessThan(60);
  });

  it("refuses a count it cannot run", async () => {
    await expect(
      engine.generateAttempts(
        ask("Go"),
        generationSettingsSchema.parse({}),
        9,
        () => {},
        () => {},
        new AbortController().signal,
      ),
    ).rejects.toMatchObject({ code: "invalid_request" });
  });
});
