/** `npm run eval -- --engine URL` on the seed suite against a real llama-server serving the scripted model (skipped, saying why, when it is not built). */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import { runRecordSchema } from "../electron/shared/eval-schemas.js";
import {
  LLAMA_SKIP_REASON,
  type LlamaServer,
  llamaServerBin,
  startLlamaServer,
} from "../electron/test/llama-server.js";
import { ensureModel } from "./gguf/model-cache.js";

const binary = llamaServerBin();
let server: LlamaServer | null = null;
afterAll(() => server?.stop());

describe.skipIf(binary === null)(
  `npm run eval -- --engine (real llama-server)${binary ? "" : `: ${LLAMA_SKIP_REASON}`}`,
  () => {
    it("runs the seed suite on llama-server and reads \\boxed{150} from the scripted model's answers", {
      timeout: 300_000,
    }, async () => {
      server = await startLlamaServer(binary!, ensureModel({ kind: "scripted" }));
      const child = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          "scripts/eval-cli.ts",
          "--suite",
          "seed",
          "--engine",
          `${server.url}/v1`,
          "--api-key-env",
          "LLAMA_KEY",
          "--runs",
          "1",
          "--temperature",
          "0",
          "--json",
        ],
        { stdio: ["ignore", "pipe", "pipe"], detached: true, env: { ...process.env, LLAMA_KEY: server.apiKey } },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => {
        stdout += c.toString();
      });
      child.stderr.on("data", (c: Buffer) => {
        stderr += c.toString();
      });
      const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 280_000);
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      clearTimeout(timer);
      expect(code, stderr).toBe(0);
      const run = runRecordSchema.parse(JSON.parse(stdout));
      const seed = JSON.parse(await readFile("resources/eval-seed.json", "utf8")) as { tasks: unknown[] };
      expect(run.attempts).toHaveLength(seed.tasks.length);
      expect(run.backend).toBe(`remote (${new URL(server.url).host})`);
      for (const attempt of run.attempts) {
        expect(attempt.error).toBeNull();
        expect(attempt.answer).toContain("\\boxed{150}");
        expect(attempt.answer).not.toContain("</think>");
        expect(attempt.reasoningChars).toBeGreaterThan(0);
        expect(attempt.ttftMs).not.toBeNull();
      }
      // the task whose answer is 150 is read as correct from the server's answer
      expect(run.attempts.some((a) => a.correct && a.extracted?.includes("150"))).toBe(true);
    });
  },
);
