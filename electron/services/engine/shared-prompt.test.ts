import { getLlama, LlamaLogLevel, type LlamaModel } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureModel } from "../../../scripts/gguf/model-cache.js";
import { SCRIPT_ANSWER } from "../../../scripts/gguf/scripted-answer.js";
import { generationSettingsSchema } from "../../shared/engine-schemas.js";
import { AttemptsContexts } from "./attempts-context.js";
import { runAttempts } from "./parallel-attempts.js";
import { countingModel } from "./test-fixtures/counting-model.js";

let llama: Awaited<ReturnType<typeof getLlama>>;
beforeAll(async () => {
  llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error, build: "never" });
});
afterAll(async () => {
  await llama?.dispose();
});

const QUESTION = [
  {
    role: "user" as const,
    text: "A rectangle's length exceeds its width by five centimetres and its perimeter is fifty centimetres. What is the area?",
  },
];

describe("several attempts share one evaluation of the prompt", () => {
  let model: LlamaModel;
  beforeAll(async () => {
    model = await llama.loadModel({ modelPath: ensureModel({ kind: "scripted" }) });
  });
  afterAll(async () => {
    await model?.dispose();
  });

  async function attempts(share: boolean) {
    const { view, seen } = countingModel(model);
    let shared = 0;
    const result = await runAttempts(
      { model: view, contextSize: 1024, threads: 1 },
      QUESTION,
      generationSettingsSchema.parse({ temperature: 0 }),
      4,
      () => {},
      () => {},
      new AbortController().signal,
      { sharePrompt: share, onShared: (tokens) => (shared = tokens) },
    );
    return { result, seen, shared };
  }

  it("4 attempts evaluate the prompt once, not 4 times, and answer exactly as when each evaluates it", async () => {
    const alone = await attempts(false);
    const together = await attempts(true);
    expect(together.shared).toBeGreaterThan(16);
    expect(alone.shared).toBe(0);
    // the same tokens generated on both sides; the 3 other attempts did not evaluate the shared prompt again
    expect(alone.seen.batchTokens - together.seen.batchTokens).toBe(3 * together.shared);
    // the same answers either way: the copied state is the evaluated one
    expect(together.result.attempts.map((a) => a.answer)).toEqual([
      SCRIPT_ANSWER,
      SCRIPT_ANSWER,
      SCRIPT_ANSWER,
      SCRIPT_ANSWER,
    ]);
    expect(together.result.attempts.map((a) => a.answer)).toEqual(alone.result.attempts.map((a) => a.answer));
    expect(together.result.attempts.map((a) => a.finishReason)).toEqual(
      alone.result.attempts.map((a) => a.finishReason),
    );
  });

  it("a second run reuses the attempts context; another number of attempts gets a new one; clear lets it go", async () => {
    const { view, seen } = countingModel(model);
    const contexts = new AttemptsContexts();
    const run = (count: number, tuning?: { sharePrompt: false }) =>
      runAttempts(
        { model: view, contextSize: 1024, threads: 1, contexts },
        QUESTION,
        generationSettingsSchema.parse({ temperature: 0 }),
        count,
        () => {},
        () => {},
        new AbortController().signal,
        tuning,
      );
    let before = seen.batchTokens;
    const first = await run(3);
    const sharedRun = seen.batchTokens - before;
    const second = await run(3);
    expect(seen.contexts).toBe(1);
    // as the app calls it (no tuning): the prompt is shared, by more than 16 tokens for each of the 2 other attempts
    before = seen.batchTokens;
    await run(3, { sharePrompt: false });
    expect(seen.batchTokens - before - sharedRun).toBeGreaterThan(2 * 16);
    // the reused sequences start empty: the second run answers exactly as the first
    expect(second.attempts.map((a) => a.answer)).toEqual(first.attempts.map((a) => a.answer));
    expect(second.attempts.map((a) => a.metrics.answerTokens)).toEqual(
      first.attempts.map((a) => a.metrics.answerTokens),
    );
    await run(2);
    expect(seen.contexts).toBe(2);
    const kept = await contexts.take({ model: view, contextSize: 1024, threads: 1, sequences: 2, promptTokens: 10 });
    expect(seen.contexts).toBe(2);
    contexts.release(kept, { model: view, contextSize: 1024, threads: 1, sequences: 2, promptTokens: 10 });
    await contexts.clear();
    expect(kept.disposed).toBe(true);
  });
});
