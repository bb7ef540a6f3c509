/** `npm run serve`: the one line scripts read, the key file it names, the port it falls back from. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { ensureModel } from "./gguf/model-cache.js";

let child: ChildProcess | null = null;
let dataDir = "";
afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    process.kill(-child.pid!, "SIGTERM"); // the CLI and its engine process
    await exited;
  }
  await rm(dataDir, { recursive: true, force: true });
});

it("prints `Inkstone API at http://127.0.0.1:PORT/v1 · key in PATH` and serves with that key", {
  timeout: 120_000,
}, async () => {
  const model = ensureModel({ kind: "scripted" });
  dataDir = await mkdtemp(path.join(os.tmpdir(), "inkstone-serve-"));
  // the asked-for port is taken: the next free one is used
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  const taken = (blocker.address() as { port: number }).port;
  child = spawn(
    process.execPath,
    ["--import", "tsx", "scripts/serve-cli.ts", "--model", model, "--port", String(taken), "--data-dir", dataDir],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const line = await new Promise<string>((resolve, reject) => {
    child!.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("\n")) resolve(stdout.split("\n")[0]!);
    });
    child!.once("exit", (code) => reject(new Error(`serve exited (${code}): ${stderr}`)));
  });
  blocker.close();
  const match = /^Inkstone API at (http:\/\/127\.0\.0\.1:(\d+)\/v1) · key in (.+)$/.exec(line);
  expect(match, line).not.toBeNull();
  const [, url, port, keyFile] = match!;
  expect(Number(port)).toBeGreaterThan(taken);
  expect(keyFile).toBe(path.join(dataDir, "local-api-key"));
  expect((await stat(keyFile!)).mode & 0o777).toBe(0o600);
  const key = (await readFile(keyFile!, "utf8")).trim();
  const models = await fetch(`${url}/models`, { headers: { authorization: `Bearer ${key}` } });
  expect(models.status).toBe(200);
  expect(((await models.json()) as { data: { id: string }[] }).data[0]!.id).toBe(path.basename(model, ".gguf"));
  expect((await fetch(`${url}/models`)).status).toBe(401);
});
