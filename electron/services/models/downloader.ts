/**
 * Resumable, verified downloads into the models folder. Bytes stream into `<name>.part` and into
 * SHA-256 at once (no second pass). A resume sends Range + If-Range (a strong ETag, else
 * Last-Modified) and re-hashes the part file once, since a hash state cannot be saved. A 200 where
 * a 206 was asked, or a changed file on the server, restarts from zero: never a spliced file.
 * Dropped connections are retried with backoff. Only a file whose size and hash match is fsynced
 * and renamed into place; a mismatch is quarantined and reported.
 */
import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { type FileHandle, mkdir, open, readFile, rename, rm, stat, statfs, writeFile } from "node:fs/promises";
import path from "node:path";
import type { LocalizedMessage } from "../../shared/contract-kit.js";
import { acquireLock } from "./file-lock.js";
import { httpGet } from "./http-get.js";

export interface DownloadSpec {
  url: string;
  fileName: string;
  size: number;
  sha256: string;
}

export interface DownloadProgress {
  phase: "connecting" | "rehashing" | "downloading" | "verifying";
  bytes: number;
  total: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
  resumedFrom: number;
}

export type DownloadErrorCode =
  | "http_error"
  | "not_found"
  | "size_mismatch"
  | "hash_mismatch"
  | "disk_full"
  | "network"
  | "locked"
  | "cancelled"
  | "paused";

/** A download's failure, worded in both languages (shown as the model card's error and the call's). */
export class DownloadError extends Error {
  readonly messageZh: string;
  constructor(
    readonly code: DownloadErrorCode,
    message: LocalizedMessage,
  ) {
    super(message.en);
    this.messageZh = message.zh;
    this.name = "DownloadError";
  }
}

export interface DownloadOptions {
  onProgress?: (progress: DownloadProgress) => void;
  /** abort(reason "pause") keeps the part file; any other abort cancels and deletes it. */
  signal?: AbortSignal;
  retries?: number;
  backoffMs?: number;
  progressIntervalMs?: number;
  freeBytes?: (dir: string) => Promise<number>;
  beforeConnect?: (url: URL) => void;
}

interface PartMeta {
  url: string;
  size: number;
  sha256: string;
  etag: string | null;
  lastModified: string | null;
}

export const partPath = (dir: string, fileName: string) => path.join(dir, `${fileName}.part`);
const metaPath = (dir: string, fileName: string) => path.join(dir, `${fileName}.part.json`);
export const quarantinePath = (dir: string, fileName: string) => path.join(dir, `${fileName}.quarantined`);

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function defaultFreeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

/** SHA-256 of a whole file, with progress; used to re-hash a part file and to verify imports. */
export async function hashFile(
  file: string,
  onBytes?: (bytes: number) => void,
  hash: Hash = createHash("sha256"),
): Promise<Hash> {
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    onBytes?.(bytes);
  }
  return hash;
}

function strongValidator(etag: string | undefined, lastModified: string | undefined): string | null {
  if (etag && !etag.startsWith("W/")) return etag;
  return lastModified ?? null;
}

export async function download(spec: DownloadSpec, dir: string, options: DownloadOptions = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  const finalPath = path.join(dir, spec.fileName);
  const part = partPath(dir, spec.fileName);
  let release: () => Promise<void>;
  try {
    release = await acquireLock(`${part}.lock`);
  } catch (error) {
    throw new DownloadError("locked", {
      en: (error as Error).message,
      zh: `无法开始下载：${(error as Error).message}`,
    });
  }
  let handle: FileHandle | null = null;
  try {
    const expected = spec.sha256.toLowerCase();
    let meta: PartMeta | null = null;
    try {
      meta = JSON.parse(await readFile(metaPath(dir, spec.fileName), "utf8")) as PartMeta;
    } catch {
      meta = null;
    }
    const existing = (await stat(part).catch(() => null))?.size ?? 0;
    let offset = existing;
    if (!meta || meta.sha256 !== expected || meta.size !== spec.size || offset > spec.size) {
      offset = 0; // a part of some other file, or none
      meta = { url: spec.url, size: spec.size, sha256: expected, etag: null, lastModified: null };
    }
    const free = await (options.freeBytes ?? defaultFreeBytes)(dir);
    if (free < spec.size - offset) {
      throw new DownloadError("disk_full", {
        en: `Not enough disk space: ${mb(spec.size - offset)} more is needed in ${dir}, ${mb(free)} is free.`,
        zh: `磁盘空间不足：${dir} 还需要 ${mb(spec.size - offset)}，可用的只有 ${mb(free)}。`,
      });
    }
    handle = await open(part, offset === 0 ? "w" : "r+");
    const resumedFrom = offset;
    let hash = createHash("sha256");
    const started = performance.now();
    let lastReport = 0;
    const report = (phase: DownloadProgress["phase"], force = false) => {
      const now = performance.now();
      if (!force && now - lastReport < (options.progressIntervalMs ?? 100)) return;
      lastReport = now;
      const seconds = (now - started) / 1000;
      const speed = seconds > 0 ? (offset - resumedFrom) / seconds : 0;
      options.onProgress?.({
        phase,
        bytes: offset,
        total: spec.size,
        bytesPerSecond: speed,
        etaSeconds: speed > 0 ? (spec.size - offset) / speed : null,
        resumedFrom,
      });
    };
    if (offset > 0) {
      report("rehashing", true);
      hash = await hashFile(part);
    }
    const saveMeta = async () => {
      const tmp = `${metaPath(dir, spec.fileName)}.tmp`;
      await writeFile(tmp, JSON.stringify(meta));
      await rename(tmp, metaPath(dir, spec.fileName));
    };
    const restart = async () => {
      offset = 0;
      hash = createHash("sha256");
      await handle!.truncate(0);
    };
    let failures = 0;
    const retries = options.retries ?? 5;
    while (offset < spec.size) {
      if (options.signal?.aborted) break;
      report("connecting", true);
      const headers: Record<string, string> = { "user-agent": "Inkstone", "accept-encoding": "identity" };
      const validator = meta.etag ?? meta.lastModified;
      if (offset > 0) {
        headers.range = `bytes=${offset}-`;
        if (validator) headers["if-range"] = validator;
      }
      let progressed = false;
      try {
        const { response } = await httpGet(spec.url, {
          headers,
          signal: options.signal,
          beforeConnect: options.beforeConnect,
        });
        const status = response.statusCode ?? 0;
        if (status === 404 || status === 410) {
          response.resume();
          throw new DownloadError("not_found", {
            en: `The server has no such file (HTTP ${status}) at ${spec.url}.`,
            zh: `服务器上 ${spec.url} 没有这个文件（HTTP ${status}）。`,
          });
        }
        if (status === 416 && offset > 0) {
          response.resume();
          await restart();
          continue;
        }
        if (status >= 500 || status === 429 || status === 408) {
          response.resume();
          throw new Error(`The server answered HTTP ${status}.`);
        }
        if (status !== 200 && status !== 206) {
          response.resume();
          throw new DownloadError("http_error", {
            en: `The server refused the download (HTTP ${status}).`,
            zh: `服务器拒绝了下载（HTTP ${status}）。`,
          });
        }
        const etag = response.headers.etag;
        const lastModified = response.headers["last-modified"];
        if (status === 200) {
          // full body: either a first request, or the server ignored Range / the file changed
          if (offset > 0) await restart();
          const length = Number(response.headers["content-length"] ?? Number.NaN);
          if (Number.isFinite(length) && length !== spec.size) {
            response.resume();
            throw new DownloadError("size_mismatch", {
              en: `The server's file is ${length.toLocaleString("en")} bytes, not the expected ${spec.size.toLocaleString("en")}: it is not the pinned file.`,
              zh: `服务器上的文件有 ${length.toLocaleString("en")} 字节，而不是预期的 ${spec.size.toLocaleString("en")} 字节：它不是指定的那个文件。`,
            });
          }
          meta.etag = etag && !etag.startsWith("W/") ? etag : null;
          meta.lastModified = meta.etag ? null : (lastModified ?? null);
          if (!meta.etag && !meta.lastModified) meta.lastModified = strongValidator(etag, lastModified);
          await saveMeta();
        } else {
          const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers["content-range"] ?? "");
          if (!range || Number(range[1]) !== offset || (range[3] !== "*" && Number(range[3]) !== spec.size)) {
            response.resume();
            await restart();
            continue;
          }
        }
        report("downloading", true);
        for await (const chunk of response) {
          const buffer = chunk as Buffer;
          if (offset + buffer.length > spec.size) {
            throw new DownloadError("size_mismatch", {
              en: `The server sent more than the expected ${spec.size.toLocaleString("en")} bytes.`,
              zh: `服务器发送的数据超过了预期的 ${spec.size.toLocaleString("en")} 字节。`,
            });
          }
          await handle.write(buffer, 0, buffer.length, offset);
          hash.update(buffer);
          offset += buffer.length;
          progressed = true;
          report("downloading");
        }
        if (offset < spec.size)
          throw new Error(
            `The connection ended early at ${offset.toLocaleString("en")} of ${spec.size.toLocaleString("en")} bytes.`,
          );
      } catch (error) {
        if (options.signal?.aborted) break;
        if (error instanceof DownloadError) throw error;
        if (progressed) failures = 0;
        failures++;
        if (failures > retries) {
          throw new DownloadError("network", {
            en: `The download failed after ${retries} retries: ${(error as Error).message} The part file is kept; resume later.`,
            zh: `重试 ${retries} 次后下载仍然失败：${(error as Error).message}。已下载的部分已保留；稍后可以继续。`,
          });
        }
        await new Promise((r) => setTimeout(r, (options.backoffMs ?? 500) * 2 ** (failures - 1)));
      }
    }
    if (options.signal?.aborted) {
      await handle.sync();
      await handle.close();
      handle = null;
      if (options.signal.reason === "pause")
        throw new DownloadError("paused", {
          en: "Paused. The download resumes from where it stopped.",
          zh: "已暂停。下载会从中断的地方继续。",
        });
      await rm(part, { force: true });
      await rm(metaPath(dir, spec.fileName), { force: true });
      throw new DownloadError("cancelled", {
        en: "Download cancelled; the partial file was removed.",
        zh: "已取消下载；未完成的文件已删除。",
      });
    }
    report("verifying", true);
    const digest = hash.digest("hex");
    await handle.sync();
    await handle.close();
    handle = null;
    await rm(metaPath(dir, spec.fileName), { force: true });
    if (digest !== expected) {
      await rename(part, quarantinePath(dir, spec.fileName));
      throw new DownloadError("hash_mismatch", {
        en: `The downloaded file does not match its published SHA-256 (expected ${expected}, got ${digest}). It was quarantined as ${spec.fileName}.quarantined and will not be loaded.`,
        zh: `下载的文件与公布的 SHA-256 不符（应为 ${expected}，实际为 ${digest}）。它已被隔离为 ${spec.fileName}.quarantined，不会被加载。`,
      });
    }
    await rename(part, finalPath);
    const dirHandle = await open(dir, "r").catch(() => null);
    await dirHandle?.sync().catch(() => {});
    await dirHandle?.close();
    return finalPath;
  } finally {
    await handle?.close().catch(() => {});
    await release();
  }
}
