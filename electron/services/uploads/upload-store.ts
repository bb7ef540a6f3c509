/**
 * Uploads in progress: each one a file in the cache folder, written chunk by chunk as the renderer sends them
 * (fs writes run on libuv's threads; the main thread only decodes ≤ 1 MiB of base64 a message). A finished upload
 * is taken once, by path, by whatever it was for (a worker reads it there) and deleted afterwards. Uploads left
 * idle expire; the folder is emptied at start.
 */
import { randomUUID } from "node:crypto";
import { type FileHandle, mkdir, open, rm } from "node:fs/promises";
import path from "node:path";
import { UPLOAD_CHUNK_BYTES, UPLOAD_LIMITS, type UploadPurpose } from "../../shared/contract/uploads.js";
import { InkstoneError } from "../../shared/contract-kit.js";

interface Upload {
  purpose: UploadPurpose;
  size: number;
  received: number;
  file: string;
  handle: FileHandle;
  touchedAt: number;
  /** Appends run one at a time, in order. */
  writing: Promise<unknown>;
}

export interface UploadStoreOptions {
  dir: string;
  /** An upload idle longer than this is dropped (default 10 minutes). */
  idleMs?: number;
  /** How many may be open at once (default 8): each holds disk space until used. */
  maxOpen?: number;
  now?: () => number;
}

export class UploadStore {
  private readonly uploads = new Map<string, Upload>();
  private readonly idleMs: number;
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;

  private constructor(private readonly options: UploadStoreOptions) {
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
    this.sweeper = setInterval(() => void this.sweep(), Math.min(this.idleMs, 60_000));
    this.sweeper.unref();
  }

  /** Opens the store, removing what an earlier run left behind. */
  static async open(options: UploadStoreOptions): Promise<UploadStore> {
    await rm(options.dir, { recursive: true, force: true });
    await mkdir(options.dir, { recursive: true });
    return new UploadStore(options);
  }

  async begin(purpose: UploadPurpose, size: number): Promise<{ uploadId: string; chunkBytes: number }> {
    const limit = UPLOAD_LIMITS[purpose];
    if (size > limit) {
      const megabytes = Math.round((size / 1024 / 1024) * 10) / 10;
      throw new InkstoneError(
        "invalid_request",
        {
          en: `The file is ${megabytes} MB; at most ${Math.round(limit / 1024 / 1024)} MB can be sent.`,
          zh: `文件大小为 ${megabytes} MB；最多只能发送 ${Math.round(limit / 1024 / 1024)} MB。`,
        },
        { reason: "too_large", megabytes },
      );
    }
    if (this.uploads.size >= (this.options.maxOpen ?? 8))
      throw new InkstoneError("busy", {
        en: "Too many files are being sent at once; wait for one to finish.",
        zh: "同时发送的文件太多；请等其中一个完成。",
      });
    const uploadId = randomUUID();
    const file = path.join(this.options.dir, `${uploadId}.part`);
    const handle = await open(file, "wx", 0o600);
    this.uploads.set(uploadId, {
      purpose,
      size,
      received: 0,
      file,
      handle,
      touchedAt: this.now(),
      writing: Promise.resolve(),
    });
    return { uploadId, chunkBytes: UPLOAD_CHUNK_BYTES };
  }

  /** Writes one chunk at `offset`, which must be where the previous one ended. */
  async append(uploadId: string, offset: number, dataBase64: string): Promise<{ received: number }> {
    const upload = this.require(uploadId);
    const write = upload.writing.then(async () => {
      if (offset !== upload.received)
        throw new InkstoneError("invalid_request", {
          en: `A part of the file went missing (at byte ${upload.received}).`,
          zh: `文件的一部分丢失了（在第 ${upload.received} 字节处）。`,
        });
      const bytes = Buffer.from(dataBase64, "base64");
      if (upload.received + bytes.length > upload.size)
        throw new InkstoneError("invalid_request", {
          en: "More data came than the file's size.",
          zh: "收到的数据超过了文件的大小。",
        });
      try {
        await upload.handle.write(bytes, 0, bytes.length, offset);
      } catch (error) {
        await this.discard(uploadId);
        throw diskError(error);
      }
      upload.received += bytes.length;
      upload.touchedAt = this.now();
      return { received: upload.received };
    });
    upload.writing = write.catch(() => {});
    return write;
  }

  /**
   * Gives a finished upload's file to `use` (for the purpose it was begun for) and deletes it afterwards, whatever
   * `use` does. An unknown, unfinished or other-purpose upload is refused.
   */
  async use<T>(uploadId: string, purpose: UploadPurpose, use: (file: string) => Promise<T>): Promise<T> {
    const upload = this.require(uploadId);
    await upload.writing;
    if (upload.purpose !== purpose)
      throw new InkstoneError("invalid_request", {
        en: "That upload is for something else.",
        zh: "这次上传另有用途。",
      });
    if (upload.received !== upload.size)
      throw new InkstoneError("invalid_request", {
        en: `The file arrived incomplete (${upload.received} of ${upload.size} bytes).`,
        zh: `文件没有完整送达（只收到 ${upload.size} 字节中的 ${upload.received} 字节）。`,
      });
    this.uploads.delete(uploadId);
    await upload.handle.close();
    try {
      return await use(upload.file);
    } finally {
      await rm(upload.file, { force: true });
    }
  }

  async discard(uploadId: string): Promise<void> {
    const upload = this.uploads.get(uploadId);
    if (!upload) return;
    this.uploads.delete(uploadId);
    await upload.handle.close().catch(() => {});
    await rm(upload.file, { force: true });
  }

  /** Open uploads, for tests and diagnostics. */
  get open(): number {
    return this.uploads.size;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.uploads.keys()].map((id) => this.discard(id)));
  }

  private require(uploadId: string): Upload {
    const upload = this.uploads.get(uploadId);
    if (!upload)
      throw new InkstoneError("not_found", {
        en: "That upload is gone (it expired or was used); send the file again.",
        zh: "这次上传已不存在（已过期或已被使用）；请重新发送文件。",
      });
    return upload;
  }

  private async sweep(): Promise<void> {
    const cutoff = this.now() - this.idleMs;
    for (const [id, upload] of this.uploads) if (upload.touchedAt < cutoff) await this.discard(id);
  }
}

function diskError(error: unknown): InkstoneError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOSPC" || code === "EDQUOT")
    return new InkstoneError(
      "io_error",
      {
        en: "The disk is full: free some space and send the file again.",
        zh: "磁盘已满：请腾出一些空间后重新发送文件。",
      },
      {
        reason: "disk_full",
      },
    );
  return new InkstoneError("io_error", {
    en: `Saving the file failed: ${(error as Error).message}`,
    zh: `保存文件失败：${(error as Error).message}`,
  });
}
