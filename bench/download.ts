/**
 * `npm run bench:download`: download + verify throughput from a loopback server, Inkstone's
 * downloader (SHA-256 while streaming, fsync, rename) against the fair one-pass baseline
 * `curl | tee FILE | sha256sum` and against `curl -o` alone, interleaved in one run on the full-shape model file. Also measures what a resume costs: the
 * part file is re-hashed once (a SHA-256 state cannot be saved), timed here.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { download, hashFile, partPath } from "../electron/services/models/downloader.js";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { finish, median, round } from "./bench-utils.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const file = ensureModel({ kind: "full", quant: "q4_k_m" });
const size = statSync(file).size;
const sha256 = (await hashFile(file)).digest("hex");

const server = createServer((req, res) => {
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
  const start = range ? Number(range[1]) : 0;
  res.writeHead(range ? 206 : 200, {
    "content-length": String(size - start),
    etag: '"bench"',
    ...(range ? { "content-range": `bytes ${start}-${size - 1}/${size}` } : {}),
  });
  createReadStream(file, { start, highWaterMark: 1 << 20 }).pipe(res);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/model.gguf`;
const dir = mkdtempSync(path.join(os.tmpdir(), "inkstone-bench-dl-"));

// the server runs in this process: curl must be run asynchronously, or it waits on a blocked event loop
const run = promisify(execFile);

const time = async (run: () => Promise<unknown> | unknown) => {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
};

// Interleaved (ours, curl | tee | sha256sum, curl alone) in each round, so drift in the machine's speed hits all sides.
// The fair baseline streams through both at once, as Inkstone does: one pass over the bytes, hash while writing.
const ours: number[] = [];
const curlTee: number[] = [];
const curlOnly: number[] = [];
for (let i = 0; i < RUNS; i++) {
  rmSync(path.join(dir, "model.gguf"), { force: true });
  ours.push(await time(() => download({ url, fileName: "model.gguf", size, sha256 }, dir)));
  const target = path.join(dir, "curl.gguf");
  rmSync(target, { force: true });
  curlTee.push(
    await time(async () => {
      const script = 'curl -s "$1" | tee "$2" | sha256sum';
      const sum = (await run("sh", ["-c", script, "sh", url, target], { encoding: "utf8" })).stdout.split(" ")[0];
      if (sum !== sha256) throw new Error("curl's copy does not match");
    }),
  );
  rmSync(target, { force: true });
  curlOnly.push(await time(() => run("curl", ["-s", "-o", target, url])));
  rmSync(target, { force: true });
}

/** Empties the page cache so the re-hash reads from disk, as after a restart; false where the OS does not allow it. */
async function dropPageCache(): Promise<boolean> {
  try {
    await run("sync");
    writeFileSync("/proc/sys/vm/drop_caches", "1");
    return true;
  } catch {
    return false;
  }
}

// Resume: pause halfway, then time the re-hash of the part file (cold page cache where allowed) and the resumed download.
rmSync(path.join(dir, "model.gguf"), { force: true });
const controller = new AbortController();
await download({ url, fileName: "model.gguf", size, sha256 }, dir, {
  signal: controller.signal,
  onProgress: (p) => p.bytes > size / 2 && controller.abort("pause"),
}).catch(() => {});
const partBytes = statSync(partPath(dir, "model.gguf")).size;
const cache = (await dropPageCache()) ? "cold" : "warm";
const rehashSeconds = await time(async () => hashFile(partPath(dir, "model.gguf"), undefined, createHash("sha256")));
if (cache === "cold") await dropPageCache();
const resumeSeconds = await time(() => download({ url, fileName: "model.gguf", size, sha256 }, dir));

server.close();
rmSync(dir, { recursive: true, force: true });

const mbps = (seconds: number) => size / 1024 / 1024 / seconds;
const spread = (values: number[]) =>
  `median ${median(values).toFixed(2)} s (min ${Math.min(...values).toFixed(2)}, max ${Math.max(...values).toFixed(2)}; ${mbps(median(values)).toFixed(0)} MB/s)`;
// ratio > 1: Inkstone is faster; taken per round, then the median, so a noisy round does not decide it
const ratios = ours.map((seconds, i) => curlTee[i]! / seconds);
const ratiosAlone = ours.map((seconds, i) => curlOnly[i]! / seconds);
finish(
  [
    `file: ${(size / 1024 ** 3).toFixed(2)} GB over loopback, ${RUNS} interleaved rounds`,
    `Inkstone download + SHA-256 + fsync + rename: ${spread(ours)}`,
    `curl | tee FILE | sha256sum (one pass):      ${spread(curlTee)}`,
    `curl -o FILE alone (no hash):                ${spread(curlOnly)}`,
    `ratio vs curl|tee|sha256sum per round: ${ratios.map((r) => r.toFixed(2)).join(", ")} (goal >= 0.9)`,
    `resume at ${(partBytes / 1024 ** 2).toFixed(0)} MB: re-hashing the part file (${cache} page cache) takes ${rehashSeconds.toFixed(2)} s (${(partBytes / 1024 ** 2 / rehashSeconds).toFixed(0)} MB/s); the resumed download took ${resumeSeconds.toFixed(2)} s`,
  ],
  {
    bench: "download",
    bytes: size,
    runs: RUNS,
    ours_s: round(median(ours), 3),
    curl_tee_sha256sum_s: round(median(curlTee), 3),
    curl_alone_s: round(median(curlOnly), 3),
    ours_mb_s: round(mbps(median(ours)), 1),
    curl_tee_sha256sum_mb_s: round(mbps(median(curlTee)), 1),
    ratio_vs_curl_tee_sha256sum: round(median(ratios), 3),
    ratio_vs_curl_tee_sha256sum_min: round(Math.min(...ratios), 3),
    ratio_vs_curl_tee_sha256sum_max: round(Math.max(...ratios), 3),
    ratio_vs_curl_alone: round(median(ratiosAlone), 3),
    resume_part_bytes: partBytes,
    resume_rehash_s: round(rehashSeconds, 3),
    resume_rehash_cache: cache,
    resume_total_s: round(resumeSeconds, 3),
    resume_strategy: "re-hash the part file once",
  },
);
