import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureModel } from "../../../scripts/gguf/model-cache.js";
import { REASONING_UNITS } from "../../../scripts/gguf/scripted-answer.js";
import { summarizeRun } from "../../shared/eval-summary.js";
import { EngineClient } from "../engine/engine-client.js";
import { spawnNodeEngine } from "../engine/node-engine-process.js";
import { NetworkGuard } from "../network/network-guard.js";
import { closeSharedSandbox, sharedSandbox } from "../sandbox/sandbox.js";
import { runEvaluation } from "./eval-runner.js";
import { toCsv, toMarkdown } from "./results.js";
import { RunStore } from "./run-store.js";
import { SuiteLibrary } from "./suites.js";

let engine: EngineClient;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "inkstone-eval-"));
  engine = new EngineClient({ spawn: spawnNodeEngine });
  // the seed's Python task runs in the sandbox: its engine loads here, not inside a test's clock
  await Promise.all([engine.start(), sharedSandbox().prepare("python")]);
});
afterAll(async () => {
  await engine.dispose();
  closeSharedSandbox();
  await rm(dir, { recursive: true, force: true });
});

describe("evaluation runs", () => {
  it("the seed suite on the scripted model gives the known accuracy and consistent token counts", async () => {
    const suite = await new SuiteLibrary(path.join(dir, "suites")).builtIn();
    expect(suite.tasks.filter((t) => t.category === "math").length).toBeGreaterThanOrEqual(11);
    expect(suite.tasks.filter((t) => t.category === "code").length).toBeGreaterThanOrEqual(11);
    expect(suite.tasks.filter((t) => t.category === "logic").length).toBeGreaterThanOrEqual(11);
    const store = new RunStore(path.join(dir, "runs"));
    const run = await runEvaluation({
      suite,
      variants: [{ name: "scripted", path: ensureModel({ kind: "scripted" }) }],
      repetitions: 1,
      settings: { temperature: 0 },
      engine,
      save: (record) => store.save(record),
    });
    expect(run.status).toBe("complete");
    expect(run.attempts).toHaveLength(suite.tasks.length);
    // the script's answer is \boxed{150}: right for the rectangle, wrong everywhere else
    const correct = run.attempts.filter((a) => a.correct).map((a) => a.taskId);
    expect(correct).toEqual(["math-rectangle-zh"]);
    for (const a of run.attempts) {
      expect(a.reasoningTokens).toBe(REASONING_UNITS.length);
      expect(a.answerTokens).toBeGreaterThan(10);
      expect(a.ttfatMs!).toBeGreaterThan(a.ttftMs!);
    }
    const { categories, overall } = summarizeRun(run);
    expect(categories.find((c) => c.key === "math")!.accuracy).toBeCloseTo(1 / 11);
    expect(overall[0]!.accuracy).toBeCloseTo(1 / suite.tasks.length);
    expect(toMarkdown(run)).toContain("| math-rectangle-zh | scripted | 1 | 100% |");
    expect(toCsv(run).split("\n")[1]).toMatch(/^math-rectangle-zh,math,scripted,0,true,150,/);
    expect((await store.get(run.id)).attempts).toHaveLength(suite.tasks.length);
  });

  it("a cancelled run keeps the attempts it completed", async () => {
    const suite = await new SuiteLibrary(path.join(dir, "suites")).builtIn();
    const store = new RunStore(path.join(dir, "runs"));
    const controller = new AbortController();
    const run = await runEvaluation({
      suite,
      variants: [{ name: "scripted", path: ensureModel({ kind: "scripted" }) }],
      repetitions: 3,
      engine,
      signal: controller.signal,
      save: (record) => store.save(record),
      onProgress: (done) => done === 4 && controller.abort(),
    });
    expect(run.status).toBe("cancelled");
    expect(run.attempts).toHaveLength(4);
    const saved = await store.get(run.id);
    expect(saved.status).toBe("cancelled");
    expect(saved.attempts).toHaveLength(4);
  });

  it("asks an opted-in OpenAI-compatible endpoint as a second column, opening only its host for the run", async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => {
        body += d;
      });
      req.on("end", () => {
        seen.push(`${req.url} ${req.headers.authorization} ${JSON.parse(body).model}`);
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(`data: ${JSON.stringify({ choices: [{ delta: { reasoning_content: "think" } }] })}\n\n`);
        res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: "答案是 \\\\boxed{150}" } }] })}\n\n`);
        res.end("data: [DONE]\n\n");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    const guard = new NetworkGuard();
    const hostsDuring: string[][] = [];
    const suite = await new SuiteLibrary(path.join(dir, "suites")).builtIn();
    const one = { ...suite, tasks: suite.tasks.slice(0, 2) };
    const run = await runEvaluation({
      suite: one,
      variants: [],
      repetitions: 1,
      engine,
      network: guard,
      remote: { name: "remote", url, model: "gpt-3.5-turbo", apiKey: "sk-test" },
      onProgress: () => hostsDuring.push(guard.status().activeHosts),
    });
    server.close();
    expect(run.variants).toEqual(["remote"]);
    expect(run.attempts.map((a) => a.correct)).toEqual([true, false]);
    expect(run.attempts[0]!.ttfatMs).not.toBeNull();
    expect(seen[0]).toBe("/v1/chat/completions Bearer sk-test gpt-3.5-turbo");
    expect(hostsDuring[0]).toEqual(["127.0.0.1"]);
    expect(guard.status().activeHosts).toEqual([]);
  });
});
