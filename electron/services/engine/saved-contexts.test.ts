import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureModel } from "../../../scripts/gguf/model-cache.js";
import { type EngineHistoryItem, generationSettingsSchema } from "../../shared/engine-schemas.js";
import { EngineClient } from "./engine-client.js";
import { spawnNodeEngine } from "./node-engine-process.js";

const settings = generationSettingsSchema.parse({ temperature: 0, maxTokens: 48 });
const never = () => new AbortController().signal;
const longQuestion = (topic: string) =>
  `${topic}: ${"A rectangle's length is 5 cm more than its width and its perimeter is 50 cm. ".repeat(12)}What is the area?`;

let engine: EngineClient;
beforeAll(async () => {
  engine = new EngineClient({ spawn: spawnNodeEngine, backend: "cpu", threads: 1 });
  await engine.start();
  await engine.load(ensureModel({ kind: "scripted" }));
});
afterAll(async () => {
  await engine.dispose();
});

describe("returning to a recent conversation", () => {
  it("reloads its saved context state: only the previous answer and the new question are evaluated", async () => {
    const ask = async (turns: EngineHistoryItem[]) => engine.generate(turns, settings, () => {}, never());
    const a: EngineHistoryItem[] = [{ role: "user", text: longQuestion("Alpha") }];
    const first = await ask(a);
    const b = await ask([{ role: "user", text: longQuestion("Bravo") }]);
    // another conversation: its whole prompt was evaluated (nothing in common past the first words)
    expect(b.metrics.promptTokens).toBeGreaterThan(first.metrics.promptTokens / 2);
    const question = "And what is its diagonal?";
    const back = await ask([
      ...a,
      { role: "assistant", text: first.answer, reasoning: first.reasoning },
      { role: "user", text: question },
    ]);
    const changed = (await engine.countTokens(first.answer)) + (await engine.countTokens(question)) + 8;
    expect(back.metrics.promptTokens).toBeLessThanOrEqual(changed + 32);
    expect(back.metrics.promptTokens).toBeLessThan(first.metrics.promptTokens / 2);
  });

  it("keeps the state of a conversation the user left before the next question comes, and still returns to it", async () => {
    const ask = async (turns: EngineHistoryItem[]) => engine.generate(turns, settings, () => {}, never());
    const c: EngineHistoryItem[] = [{ role: "user", text: longQuestion("Charlie") }];
    const first = await ask(c);
    await expect(engine.keepState()).resolves.toBe(true);
    await expect(engine.keepState()).resolves.toBe(false); // already kept: not written twice
    await ask([{ role: "user", text: longQuestion("Delta") }]);
    const back = await ask([
      ...c,
      { role: "assistant", text: first.answer, reasoning: first.reasoning },
      { role: "user", text: "And its diagonal?" },
    ]);
    expect(back.metrics.promptTokens).toBeLessThan(first.metrics.promptTokens / 2);
  });
});
