/** `npm run eval -- --engine URL`: a suite against an OpenAI-compatible server, the same run JSON as local runs. */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRecordSchema } from "../electron/shared/eval-schemas.js";
import { type FakeServer, startFakeOpenAI, streamOf } from "../electron/test/fake-openai-server.js";

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: "sk-lab" });
  fake.replies = [
    {
      steps: streamOf(
        [
          ["reasoning_content", "50 km/h for 3 hours is 150 km."],
          ["content", "The distance is $\\boxed{150}$ km."],
        ],
        { usage: { prompt_tokens: 20, completion_tokens: 24 } },
      ),
    },
  ];
});
afterAll(() => fake.close());

/** Runs the CLI to its end (it is killed with its group after 60 s). */
function evalCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/eval-cli.ts", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
    env: { ...process.env, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 60_000);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe("npm run eval -- --engine URL", () => {
  it("runs the seed suite against the server and prints the same run JSON as a local run", async () => {
    const seed = JSON.parse(await readFile("resources/eval-seed.json", "utf8")) as { tasks: unknown[] };
    const { code, stdout, stderr } = await evalCli(
      ["--suite", "seed", "--engine", `${fake.url}/v1`, "--api-key-env", "LAB_KEY", "--runs", "1", "--json"],
      { LAB_KEY: "sk-lab" },
    );
    expect(code, stderr).toBe(0);
    const run = runRecordSchema.parse(JSON.parse(stdout));
    const host = new URL(fake.url).host;
    expect(run).toMatchObject({
      status: "complete",
      suiteId: "seed",
      variants: [`fake-r1 @ ${host}`],
      backend: `remote (${host})`,
      // which server and model answered, as a run from the Evaluate screen records it (no Settings name here)
      engine: { host, model: "fake-r1", name: null },
    });
    expect(run.attempts).toHaveLength(seed.tasks.length);
    expect(run.attempts[0]).toMatchObject({
      answer: "The distance is $\\boxed{150}$ km.",
      reasoningTokens: 12,
      answerTokens: 12,
    });
    expect(run.attempts.every((a) => a.ttftMs !== null && a.error === null)).toBe(true);
    expect(fake.received.every((r) => r.authorization === "Bearer sk-lab" && r.body.model === "fake-r1")).toBe(true);
    expect(fake.received.map((r) => r.body.seed)).toContain(1);
  });

  it("names a wrong key and a key variable that is not set, before any question", async () => {
    const before = fake.received.length;
    const wrong = await evalCli(["--engine", fake.url, "--api-key-env", "LAB_KEY", "--runs", "1"], { LAB_KEY: "nope" });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/refused the API key \(HTTP 401\)/);
    const unset = await evalCli(["--engine", fake.url, "--api-key-env", "INKSTONE_NO_SUCH_VAR", "--runs", "1"]);
    expect(unset.stderr).toMatch(/INKSTONE_NO_SUCH_VAR: that environment variable is not set/);
    expect(fake.received.length).toBe(before);
  });
});
