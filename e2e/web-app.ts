/** Starts Inkstone in web mode (the built app, plain Node) for one test, on a fresh data folder. */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export interface WebApp {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startWebApp(
  options: { dataDir?: string; env?: Record<string, string>; models?: Record<string, string> } = {},
): Promise<WebApp> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), "inkstone-e2e-")));
  // models to find in the app's models folder: file name → source path
  for (const [name, source] of Object.entries(options.models ?? {})) {
    await mkdir(path.join(dataDir, "models"), { recursive: true });
    await copyFile(source, path.join(dataDir, "models", name));
  }
  const child: ChildProcess = spawn(process.execPath, ["dist/node/electron/web/start-web.js", "--data-dir", dataDir], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...options.env },
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web mode did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/ready: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`web mode exited (${code}):\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get("token")!,
    dataDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
