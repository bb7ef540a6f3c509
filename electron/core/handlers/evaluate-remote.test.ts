/**
 * Evaluate with a server added in Settings → Engines as the run's engine (eval.run's `engine`), against the fake
 * OpenAI-compatible server: the record says which server and model answered, the guard opens its host only while
 * each question runs, and a server's faults are named by code with the attempts already done kept.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RunStore } from "../../services/evaluate/run-store.js";
import { parseSuite, SuiteLibrary } from "../../services/evaluate/suites.js";
import { NetworkGuard } from "../../services/network/network-guard.js";
import { EngineRegistry } from "../../services/remote-engine/engine-registry.js";
import { UnavailableSecretStore } from "../../services/secrets/secret-store.js";
import type { EngineChoice } from "../../shared/remote-engine-schemas.js";
import { delta, type FakeServer, startFakeOpenAI, streamOf } from "../../test/fake-openai-server.js";
import type { ServiceDeps } from "../app-types.js";
import { evaluateHandlers } from "./evaluate.js";

let dir: string;
let fake: FakeServer;
let runs: RunStore;
let suites: SuiteLibrary;
let registry: EngineRegistry;
let guard: NetworkGuard;
let handlers: ReturnType<typeof evaluateHandlers>;
let lab: NonNullable<EngineChoice>;
let host: string;

/** The local engine must not be touched by a run on a server. */
const noLocalEngine = new Proxy(
  {},
  {
    get: (_, name) => () => {
      throw new Error(`the local engine was used (${String(name)})`);
    },
  },
);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "inkstone-eval-remote-"));
  fake = await startFakeOpenAI({ apiKey: "sk-class" });
  host = new URL(fake.url).host;
  registry = new EngineRegistry(dir, new UnavailableSecretStore());
  await registry.load();
  const saved = await registry.save({
    name: "Lab",
    preset: "vllm",
    url: `${fake.url}/v1`,
    model: "fake-r1",
    apiKey: "sk-class",
  });
  lab = { engineId: saved.id, host: saved.host, model: saved.model };
  runs = new RunStore(path.join(dir, "evaluations"));
  suites = new SuiteLibrary(path.join(dir, "suites"));
  guard = new NetworkGuard();
  handlers = evaluateHandlers({
    suites,
    runs,
    secrets: new UnavailableSecretStore(),
    remoteEngines: registry,
    engine: noLocalEngine,
    network: guard,
  } as unknown as ServiceDeps);
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.received = [];
});

function run(request: { suiteId: string; engine: EngineChoice }, events: unknown[] = []) {
  return handlers["eval.run"](
    { files: [], repetitions: 1, ...request },
    { emit: (event) => events.push(event), signal: new AbortController().signal, requestId: "test" },
  );
}

describe("Evaluate on a server from Settings → Engines", () => {
  it("runs the seed suite there: the record names the server and model, the guard opens its host only per question", async () => {
    fake.replies = [
      {
        steps: streamOf([
          ["reasoning_content", "50 km/h × 3 h"],
          ["content", "The distance is $\\boxed{150}$ km."],
        ]),
      },
    ];
    const changes: string[][] = [];
    const unsubscribe = guard.subscribe((status) => changes.push(status.activeHosts));
    const { runId, status } = await run({ suiteId: "seed", engine: lab });
    unsubscribe();
    expect(status).toBe("complete");
    const record = await runs.get(runId);
    const seed = await suites.get("seed");
    expect(record).toMatchObject({
      variants: [`fake-r1 @ ${host}`],
      engine: { host, model: "fake-r1", name: "Lab" },
      backend: `remote (${host})`,
    });
    expect(record.attempts).toHaveLength(seed.tasks.length);
    // the server's \boxed{150} is right for the rectangle only, as on the local scripted model
    expect(record.attempts.filter((a) => a.correct).map((a) => a.taskId)).toEqual(["math-rectangle-zh"]);
    expect(fake.received.filter((r) => r.path === "/v1/chat/completions")).toHaveLength(seed.tasks.length);
    expect(fake.received.every((r) => r.authorization === "Bearer sk-class" && r.body.model === "fake-r1")).toBe(true);
    // each question (and the check before the first) opened the host and closed it again: never open in between
    expect(changes.length).toBeGreaterThanOrEqual(2 * (seed.tasks.length + 1));
    expect(changes.every((hosts, i) => (i % 2 === 0 ? hosts.join() === "127.0.0.1" : hosts.length === 0))).toBe(true);
    expect(guard.status().activeHosts).toEqual([]);
    // the run list says which server ran it, beside local runs
    const listed = (await handlers["eval.runs"]({}, { signal: new AbortController().signal, requestId: "t" })).runs;
    expect(listed.find((r) => r.id === runId)!.engine).toEqual({ host, model: "fake-r1", name: "Lab" });
  });

  it("names the server's faults by code: a busy server retried, a drop kept as that attempt's error, a 401 ends the run keeping what was done", async () => {
    await suites.save(
      parseSuite({
        format: "inkstone-suite",
        version: 1,
        id: "four",
        name: "Four sums",
        description: "",
        tasks: [1, 2, 3, 4].map((n) => ({
          id: `sum-${n}`,
          category: "math",
          prompt: `What is 75 + 75? (${n})`,
          checker: { type: "number", expected: 150 },
        })),
      }),
    );
    const right = { steps: streamOf([["content", "</think>$\\boxed{150}$"]]) };
    fake.replies = [
      right,
      { status: 503, headers: { "retry-after": "0" }, json: { error: { message: "Loading model" } } },
      right,
      { steps: [{ data: delta({ content: "</think>The sum is 15" }) }, { wait: 20 }, { drop: true }] },
      { status: 401, json: { error: { message: "Invalid API Key" } } },
    ];
    const events: unknown[] = [];
    const failed = await run({ suiteId: "four", engine: lab }, events).catch(
      (e: unknown) => e as Error & { details: { runId: string; reason: string; params: { host: string } } },
    );
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toMatch(/refused the API key \(HTTP 401\)/);
    const { details } = failed as Error & { details: { runId: string; reason: string; params: { host: string } } };
    expect(details).toMatchObject({ reason: "unauthorized", params: { host } });
    expect(events).toContainEqual(
      expect.objectContaining({
        kind: "notice",
        code: "remote_retrying",
        params: expect.objectContaining({ status: 503 }),
      }),
    );
    // the attempts done before the 401 are kept in the run, the dropped one with what arrived and its fault
    const record = await runs.get(details.runId);
    expect(record).toMatchObject({ status: "failed", fault: { reason: "unauthorized" } });
    expect(record.attempts.map((a) => [a.taskId, a.correct])).toEqual([
      ["sum-1", true],
      ["sum-2", true],
      ["sum-3", false],
    ]);
    expect(record.attempts[2]).toMatchObject({ answer: "The sum is 15", fault: { reason: "dropped" } });
    expect(record.attempts[2]!.error).toMatch(/dropped in the middle of the answer/);
  });

  it("a server that is not running is named before any question, and no run is written", async () => {
    const before = (await runs.list()).length;
    // a port nothing listens on any more
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const gone = await registry.save({
      name: "Gone",
      preset: "llama-server",
      url: `http://127.0.0.1:${port}/v1`,
      model: "",
    });
    const failed = await run({ suiteId: "seed", engine: { engineId: gone.id, host: gone.host, model: "" } }).catch(
      (e: unknown) => e as Error & { details: { reason: string } },
    );
    expect((failed as Error & { details: { reason: string } }).details.reason).toBe("refused");
    expect((await runs.list()).length).toBe(before);
    expect(guard.status().activeHosts).toEqual([]);
  });

  it("refuses local model files or a majority column with a server", async () => {
    await expect(
      handlers["eval.run"](
        { suiteId: "seed", files: ["scripted.gguf"], repetitions: 1, engine: lab },
        { emit: () => {}, signal: new AbortController().signal, requestId: "t" },
      ),
    ).rejects.toThrow(/choose no local model file/);
  });
});
