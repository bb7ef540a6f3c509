import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureModel } from "../../../scripts/gguf/model-cache.js";
import { summarizeRun } from "../../shared/eval-summary.js";
import { EngineClient } from "../engine/engine-client.js";
import { spawnNodeEngine } from "../engine/node-engine-process.js";
import { runEvaluation } from "./eval-runner.js";
import { answerKey } from "./majority.js";
import { parseSuite } from "./suites.js";

let engine: EngineClient;
beforeAll(async () => {
  engine = new EngineClient({ spawn: spawnNodeEngine, backend: "cpu", threads: 1 });
  await engine.start();
});
afterAll(async () => {
  await engine.dispose();
});

const suite = parseSuite({
  format: "inkstone-suite",
  version: 1,
  id: "majority",
  name: "Majority",
  tasks: [
    { id: "area", category: "math", prompt: "面积?", checker: { type: "number", expected: 150 } },
    { id: "other", category: "math", prompt: "2 + 5?", checker: { type: "number", expected: 7 } },
  ],
});

describe("Evaluate: majority of N", () => {
  it("adds a 'majority of 3' column beside single attempts; each records its agreement and is checked on the majority", async () => {
    const run = await runEvaluation({
      suite,
      variants: [{ name: "scripted", path: ensureModel({ kind: "scripted" }) }],
      repetitions: 1,
      settings: { temperature: 0 },
      majority: 3,
      engine,
    });
    expect(run.status).toBe("complete");
    expect(run.variants).toEqual(["scripted", "scripted · majority of 3"]);
    const majority = run.attempts.filter((a) => a.variant === "scripted · majority of 3");
    expect(majority.map((a) => [a.taskId, a.correct, a.extracted, a.finishReason])).toEqual([
      ["area", true, "150", "end"],
      ["other", false, "150", "end"],
    ]);
    for (const a of majority) expect(a.agreement).toEqual({ size: 3, of: 3 });
    // single attempts carry no agreement
    for (const a of run.attempts.filter((a) => a.variant === "scripted")) expect(a.agreement).toBeUndefined();
    // the summary shows the majority column like any variant
    expect(summarizeRun(run).overall.map((o) => [o.variant, o.accuracy])).toEqual([
      ["scripted", 0.5],
      ["scripted · majority of 3", 0.5],
    ]);
  });

  it("compares logic answers by verdict and code answers by their code", () => {
    const logic = {
      id: "l",
      category: "logic" as const,
      prompt: "?",
      checker: { type: "verdict" as const, expected: "yes" as const },
    };
    expect(answerKey(logic, { answer: "Verdict: Yes. Because…", finishReason: "end" })).toBe("yes");
    const code = {
      id: "c",
      category: "code" as const,
      prompt: "?",
      checker: { type: "js-tests" as const, functionName: "f", tests: [{ args: [], expected: 1 }] },
    };
    const a = answerKey(code, { answer: "```js\nfunction f(){ return 1 }\n```", finishReason: "end" });
    const b = answerKey(code, { answer: "Here:\n```js\nfunction f(){\n  return 1 }\n```", finishReason: "end" });
    expect(a).toBe(b);
  });
});
