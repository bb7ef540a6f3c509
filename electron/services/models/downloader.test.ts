import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ensureModel } from "../../../scripts/gguf/model-cache.js";
import { type DownloadError, download, partPath, quarantinePath } from "./downloader.js";
import { readGgufHeader } from "./gguf-header.js";
import { type FileServer, startFileServer } from "./test-fixtures/file-server.js";

let body: Buffer;
let sha256: string;
let dir: string;
let server: FileServer | null = null;
const root = path.resolve(import.meta.dirname, "../../..");

beforeAll(() => {
  body = readFileSync(ensureModel({ kind: "scripted" }));
  sha256 = createHash("sha256").update(body).digest("hex");
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "inkstone-dl-"));
});
afterEach(async () => {
  await server?.close();
  server = null;
  await rm(dir, { recursive: true, force: true });
});

const spec = (url: string, overrides: Partial<{ size: number; sha256: string }> = {}) => ({
  url,
  fileName: "model.gguf",
  size: body.length,
  sha256,
  ...overrides,
});
const fast = { backoffMs: 10 };

describe("downloader", () => {
  it("downloads, verifies and renames into place, with progress at most ~10 per second", async () => {
    server = await startFileServer({ body, chunkBytes: 16 * 1024, chunkDelayMs: 5 });
    const progress: { phase: string; bytes: number }[] = [];
    const started = performance.now();
    const file = await download(spec(server.url()), dir, { onProgress: (p) => progress.push(p) });
    const elapsed = performance.now() - started;
    expect(readFileSync(file).equals(body)).toBe(true);
    expect(existsSync(partPath(dir, "model.gguf"))).toBe(false);
    expect(elapsed).toBeGreaterThan(200);
    // phase changes are reported at once; byte counts at most every 100 ms
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 4);
    expect(progress.filter((p) => p.phase === "downloading").length).toBeGreaterThan(1);
    expect(progress.at(-1)).toMatchObject({ phase: "verifying", bytes: body.length });
    expect((await readGgufHeader(file)).architecture).toBe("qwen2");
  });

  it("resumes byte-exact after the downloading process is killed with SIGKILL", async () => {
    server = await startFileServer({ body, chunkBytes: 8 * 1024, chunkDelayMs: 20 });
    const args = [
      "--import",
      "tsx",
      path.join(root, "scripts/models-cli.ts"),
      "download",
      "--url",
      server.url(),
      "--sha256",
      sha256,
      "--size",
      String(body.length),
      "--name",
      "model.gguf",
      "--dir",
      dir,
    ];
    const child = spawn(process.execPath, args, { cwd: root, stdio: "ignore" });
    const part = partPath(dir, "model.gguf");
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (existsSync(part) && statSync(part).size > body.length / 3) {
          clearInterval(timer);
          child.kill("SIGKILL");
          resolve();
        }
      }, 10);
    });
    await new Promise((r) => child.once("exit", r));
    const partial = statSync(part).size;
    expect(partial).toBeLessThan(body.length);
    server.options.chunkDelayMs = 0;
    const rerun = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    rerun.stdout.on("data", (d: Buffer) => {
      out += d;
    });
    const code = await new Promise((r) => rerun.once("exit", r));
    expect(code).toBe(0);
    expect(out).toContain("verified and in place");
    expect(readFileSync(path.join(dir, "model.gguf")).equals(body)).toBe(true);
    const resumed = server.requests.at(-1)!;
    expect(resumed.range).toMatch(/^bytes=\d+-$/);
    expect(Number(resumed.range!.slice(6, -1))).toBeGreaterThanOrEqual(partial - 64 * 1024);
    expect(resumed.ifRange).toMatch(/^"/);
  });

  it("retries a connection dropped mid-stream and continues with a Range request", async () => {
    server = await startFileServer({ body, dropAfterBytes: 200_000, drops: 2 });
    const file = await download(spec(server.url()), dir, fast);
    expect(readFileSync(file).equals(body)).toBe(true);
    expect(server.requests.filter((r) => r.range).length).toBeGreaterThanOrEqual(2);
  });

  it("restarts cleanly when the server ignores Range", async () => {
    server = await startFileServer({ body, dropAfterBytes: 300_000, drops: 1, ignoreRange: true });
    const file = await download(spec(server.url()), dir, fast);
    expect(readFileSync(file).equals(body)).toBe(true);
  });

  it("restarts instead of splicing when the file changed on the server (new ETag)", async () => {
    const other = Buffer.from(body);
    other[other.length - 10] = other[other.length - 10]! ^ 0xff;
    server = await startFileServer({ body: other, etag: '"v1"', dropAfterBytes: 300_000, drops: 1 });
    // first attempt: pause after part of the old version arrives
    const controller = new AbortController();
    await download(spec(server.url()), dir, {
      ...fast,
      signal: controller.signal,
      onProgress: (p) => p.bytes > 100_000 && controller.abort("pause"),
    }).catch((e: DownloadError) => expect(e.code).toBe("paused"));
    server.options.body = body;
    server.options.etag = '"v2"';
    server.options.dropAfterBytes = undefined;
    const file = await download(spec(server.url()), dir, fast);
    expect(readFileSync(file).equals(body)).toBe(true);
    expect(server.requests.at(-1)).toMatchObject({ ifRange: '"v1"' });
  });

  it("quarantines a file with one flipped byte and says so", async () => {
    const flipped = Buffer.from(body);
    flipped[12345] = flipped[12345]! ^ 0x01;
    server = await startFileServer({ body: flipped });
    const error = (await download(spec(server.url()), dir, fast).catch((e) => e)) as DownloadError;
    expect(error.code).toBe("hash_mismatch");
    expect(error.message).toMatch(
      /does not match its published SHA-256.*quarantined as model\.gguf\.quarantined and will not be loaded/,
    );
    expect(error.messageZh).toMatch(/与公布的 SHA-256 不符.*已被隔离为 model\.gguf\.quarantined，不会被加载。/);
    expect(existsSync(path.join(dir, "model.gguf"))).toBe(false);
    expect(existsSync(quarantinePath(dir, "model.gguf"))).toBe(true);
  });

  it("never calls a truncated body done", async () => {
    server = await startFileServer({ body, truncateTo: 100_000 });
    const error = (await download(spec(server.url()), dir, { backoffMs: 1, retries: 2 }).catch(
      (e) => e,
    )) as DownloadError;
    expect(error.code).toBe("network");
    expect(error.message).toMatch(/ended early|socket hang up|aborted/i);
    expect(existsSync(path.join(dir, "model.gguf"))).toBe(false);
  });

  it("gives clear messages for 404 and 500", async () => {
    server = await startFileServer({ body });
    const missing = (await download(spec(server.url("/missing")), dir, fast).catch((e) => e)) as DownloadError;
    expect(missing.code).toBe("not_found");
    expect(missing.message).toMatch(/no such file \(HTTP 404\)/);
    const broken = (await download(spec(server.url("/broken")), dir, { backoffMs: 1, retries: 1 }).catch(
      (e) => e,
    )) as DownloadError;
    expect(broken.code).toBe("network");
    expect(broken.message).toMatch(/HTTP 500/);
  });

  it("follows a redirect chain", async () => {
    server = await startFileServer({ body });
    const file = await download(spec(server.url("/hop/4")), dir, fast);
    expect(readFileSync(file).equals(body)).toBe(true);
  });

  it("refuses up front when the disk is too full", async () => {
    server = await startFileServer({ body });
    const error = (await download(spec(server.url()), dir, { freeBytes: async () => 1000 }).catch(
      (e) => e,
    )) as DownloadError;
    expect(error.code).toBe("disk_full");
    expect(error.message).toMatch(/Not enough disk space: 0\.\d MB more is needed/);
    expect(server.requests).toHaveLength(0);
  });

  it("refuses a file whose size differs from the pinned one", async () => {
    server = await startFileServer({ body });
    const error = (await download(spec(server.url(), { size: body.length + 1 }), dir, fast).catch(
      (e) => e,
    )) as DownloadError;
    expect(error.code).toBe("size_mismatch");
  });

  it("allows one writer per file", async () => {
    server = await startFileServer({ body, chunkBytes: 4096, chunkDelayMs: 10 });
    const first = download(spec(server.url()), dir, fast);
    await new Promise((r) => setTimeout(r, 50));
    const second = (await download(spec(server.url()), dir, fast).catch((e) => e)) as DownloadError;
    expect(second.code).toBe("locked");
    await first;
  });
});
