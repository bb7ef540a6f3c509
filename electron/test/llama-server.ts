/**
 * A real llama.cpp llama-server for the remote-engine tests: built once per machine by
 * bench/build-llama-tools.sh into a cache outside the clone; tests skip, saying why, when it is
 * not built. Started on loopback with an API key, `--jinja --reasoning-format deepseek`, serving a
 * generated model; stopped with its whole process group.
 */
import { execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

/** The folder with llama-server, or null when it is not built here. */
export function llamaServerBin(): string | null {
  try {
    const bin = execFileSync("bash", ["bench/build-llama-tools.sh", "--check"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    return bin ? path.join(bin, "llama-server") : null;
  } catch {
    return null;
  }
}

export const LLAMA_SKIP_REASON =
  "llama-server is not built on this machine: run `bash bench/build-llama-tools.sh` (about 17 minutes on 2 cores; .ci/run does it once per machine)";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface LlamaServer {
  url: string;
  apiKey: string;
  stop(): Promise<void>;
}

export async function startLlamaServer(
  binary: string,
  model: string,
  apiKey = "sk-inkstone-test",
): Promise<LlamaServer> {
  const port = await freePort();
  const child = spawn(
    binary,
    [
      "-m",
      model,
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "-c",
      "4096",
      "-np",
      "1",
      "-t",
      "2",
      "--jinja",
      "--reasoning-format",
      "deepseek",
      "--api-key",
      apiKey,
    ],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let output = "";
  child.stdout.on("data", (c: Buffer) => {
    output = (output + c.toString()).slice(-4000);
  });
  child.stderr.on("data", (c: Buffer) => {
    output = (output + c.toString()).slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid!, "SIGKILL");
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llama-server exited (${child.exitCode}):\n${output}`);
    const health = await fetch(`${url}/health`).catch(() => null);
    if (health?.ok) break;
    if (Date.now() > until) {
      await stop();
      throw new Error(`llama-server did not become ready in 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, apiKey, stop };
}
