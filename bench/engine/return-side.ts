/**
 * Returning to a recent conversation after another one: conversation A (a long question and its answer), then B, then
 * a follow-up in A. With A's context state saved and reloaded (saved-contexts.ts) the engine evaluates only A's
 * previous answer and the new question; the baseline is the same follow-up in a fresh engine, which evaluates it all.
 * Runs on its own too: `npx tsx bench/engine/return-side.ts` (the scripted model).
 */
import { pathToFileURL } from "node:url";
import { EngineClient } from "../../electron/services/engine/engine-client.js";
import { spawnNodeEngine } from "../../electron/services/engine/node-engine-process.js";
import { type EngineHistoryItem, generationSettingsSchema } from "../../electron/shared/engine-schemas.js";
import { ensureModel } from "../../scripts/gguf/model-cache.js";
import { prompt } from "./sampling.js";

export interface ReturnFigures {
  evaluated: number;
  changed: number;
  full: number;
  ttftMs: number | null;
  fullTtftMs: number | null;
}

const settings = generationSettingsSchema.parse({ temperature: 0, maxTokens: 64 });

export async function measureReturn(modelFile: string): Promise<ReturnFigures> {
  const never = new AbortController().signal;
  const start = async () => {
    const engine = new EngineClient({ spawn: spawnNodeEngine, backend: "cpu", threads: null });
    await engine.start();
    await engine.load(modelFile);
    return engine;
  };
  const engine = await start();
  let returning: EngineHistoryItem[];
  let back: Awaited<ReturnType<EngineClient["generate"]>>;
  let changed: number;
  try {
    const ask = (turns: EngineHistoryItem[]) => engine.generate(turns, settings, () => {}, never);
    const a: EngineHistoryItem[] = [{ role: "user", text: prompt(97, "") }];
    const first = await ask(a);
    await ask([{ role: "user", text: prompt(98, "") }]);
    const question = "And what is its diagonal?";
    returning = [...a, { role: "assistant", text: first.answer, reasoning: first.reasoning }];
    returning.push({ role: "user", text: question });
    back = await ask(returning);
    changed = (await engine.countTokens(first.answer)) + (await engine.countTokens(question)) + 8;
  } finally {
    await engine.dispose();
  }
  const fresh = await start();
  try {
    const full = await fresh.generate(returning, settings, () => {}, never);
    return {
      evaluated: back.metrics.promptTokens,
      changed,
      full: full.metrics.promptTokens,
      ttftMs: back.metrics.ttftMs,
      fullTtftMs: full.metrics.ttftMs,
    };
  } finally {
    await fresh.dispose();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(JSON.stringify(await measureReturn(ensureModel({ kind: "scripted" }))));
}
