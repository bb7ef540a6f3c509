/**
 * `npm run bench:download`: download + verify throughput from a loopback server, Inkstone's
 * downloader (SHA-256 while streaming, fsync, rename) against `curl -o` followed by `sha256sum`,
 * side by side in one run on the full-shape model file. Also measures what a resume costs: the
 * part file is re-hashed once (a SHA-256 state cannot be saved), timed here.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { download, hashFile, partPath } from "../electron/services/models/downloader.js";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { finish, mean, round } from "./bench-utils.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
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

const ours: number[] = [];
const curl: number[] = [];
const curlOnly: number[] = [];
for (let i = 0; i < RUNS; i++) {
  rmSync(path.join(dir, "model.gguf"), { force: true });
  ours.push(await time(() => download({ url, fileName: "model.gguf", size, sha256 }, dir)));
  const target = path.join(dir, "curl.gguf");
  rmSync(target, { force: true });
  let downloadSeconds = 0;
  curl.push(
    await time(async () => {
      const start = performance.now();
      await run("curl", ["-s", "-o", target, url]);
      downloadSeconds = (performance.now() - start) / 1000;
      const sum = (await run("sha256sum", [target], { encoding: "utf8" })).stdout.split(" ")[0];
      if (sum !== sha256) throw new Error("curl's copy does not match");
    }),
  );
  curlOnly.push(downloadSeconds);
}

// Resume: pause halfway, then time the resumed download (its re-hash of the part included) and the re-hash alone.
rmSync(path.join(dir, "model.gguf"), { force: true });
const controller = new AbortController();
await download({ url, fileName: "model.gguf", size, sha256 }, dir, {
  signal: controller.signal,
  onProgress: (p) => p.bytes > size / 2 && controller.abort("pause"),
}).catch(() => {});
const partBytes = statSync(partPath(dir, "model.gguf")).size;
const rehashSeconds = await time(async () => hashFile(partPath(dir, "model.gguf"), undefined, createHash("sha256")));
const resumeSeconds = await time(() => download({ url, fileName: "model.gguf", size, sha256 }, dir));

server.close();
rmSync(dir, { recursive: true, force: true });

const mbps = (seconds: number) => size / 1024 / 1024 / seconds;
const oursMean = mean(ours);
const curlMean = mean(curl);
finish(
  [
    `file: ${(size / 1024 ** 3).toFixed(2)} GB over loopback, ${RUNS} runs each`,
    `Inkstone download+verify: ${oursMean.toFixed(2)} s (${mbps(oursMean).toFixed(0)} MB/s)`,
    `curl -o + sha256sum:      ${curlMean.toFixed(2)} s (${mbps(curlMean).toFixed(0)} MB/s; curl alone ${mean(curlOnly).toFixed(2)} s)`,
    `resume at ${(partBytes / 1024 ** 2).toFixed(0)} MB: re-hashing the part file takes ${rehashSeconds.toFixed(2)} s (${(partBytes / 1024 ** 2 / rehashSeconds).toFixed(0)} MB/s); the resumed download took ${resumeSeconds.toFixed(2)} s`,
  ],
  {
    bench: "download",
    bytes: size,
    ours_s: round(oursMean, 3),
    curl_sha256sum_s: round(curlMean, 3),
    ours_mb_s: round(mbps(oursMean), 1),
    curl_sha256sum_mb_s: round(mbps(curlMean), 1),
    ratio_vs_curl_sha256sum: round(curlMean / oursMean, 3),
    resume_part_bytes: partBytes,
    resume_rehash_s: round(rehashSeconds, 3),
    resume_total_s: round(resumeSeconds, 3),
    resume_strategy: "re-hash the part file once",
  },
);
