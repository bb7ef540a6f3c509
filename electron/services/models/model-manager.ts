/**
 * The model manager: catalog entries and files in the models folder, each with its state;
 * downloads (resumable, verified), verification, import of a local file, deletion.
 */
import { copyFile, mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { InkstoneError, type LocalizedMessage } from "../../shared/contract-kit.js";
import type { Catalog, CatalogEntry, ModelView, SourceId } from "../../shared/model-schemas.js";
import type { NetworkGuard } from "../network/network-guard.js";
import { estimateMemory, sourceUrl } from "./catalog.js";
import {
  DownloadError,
  type DownloadProgress,
  type DownloadSpec,
  download,
  hashFile,
  partPath,
  quarantinePath,
} from "./downloader.js";
import { GgufHeaderError } from "./gguf-header.js";
import { GgufHeaderCache } from "./gguf-header-cache.js";
import { readSupportedModelHeader } from "./model-policy.js";
import type { ModelsFolder } from "./models-folder.js";

export interface ModelManagerOptions {
  catalog: Catalog;
  folder: ModelsFolder;
  /** Read at each download, so a changed setting applies at once. */
  readonly mirrorBase?: string;
  freeBytes?: (dir: string) => Promise<number>;
  /** Opens the network for a download's host (and the hosts it redirects to) while it runs. */
  network?: NetworkGuard;
  onChange?: () => void;
  gpuFreeBytes?: () => number | null;
}

interface Active {
  controller: AbortController;
  progress: DownloadProgress | null;
  promise: Promise<string>;
}

export class ModelManager {
  private readonly active = new Map<string, Active>();
  /** A file's last failure, in both languages, shown on its card. */
  private readonly failures = new Map<string, LocalizedMessage>();
  /** Models lists parse a file's header once, until the file changes. */
  readonly headers = new GgufHeaderCache();

  constructor(private readonly options: ModelManagerOptions) {}

  get dir(): string {
    return this.options.folder.dir;
  }

  entry(id: string): CatalogEntry {
    const entry = this.options.catalog.models.find((m) => m.id === id);
    if (!entry)
      throw new InkstoneError("not_found", { en: `No model ${id} in the catalog.`, zh: `模型目录中没有 ${id}。` });
    return entry;
  }

  private async exists(file: string): Promise<boolean> {
    return (await stat(file).catch(() => null))?.isFile() ?? false;
  }

  async list(contextSize = 8192): Promise<ModelView[]> {
    const gpuFree = this.options.gpuFreeBytes?.() ?? null;
    const views: ModelView[] = [];
    const catalogFiles = new Set<string>();
    for (const entry of this.options.catalog.models) {
      catalogFiles.add(entry.file);
      const active = this.active.get(entry.file);
      const ready = await this.exists(path.join(this.dir, entry.file));
      const paused = await this.exists(partPath(this.dir, entry.file));
      const failure = this.failures.get(entry.file) ?? null;
      const memory = estimateMemory(entry, contextSize);
      views.push({
        id: entry.id,
        file: entry.file,
        label: entry.label,
        family: entry.family,
        description: entry.description,
        quantization: entry.quantization,
        size: entry.size,
        sha256: entry.sha256,
        inCatalog: true,
        isDefault: entry.default,
        state: active
          ? active.progress?.phase === "verifying"
            ? "verifying"
            : "downloading"
          : ready
            ? "ready"
            : failure
              ? "failed"
              : paused
                ? "paused"
                : "not_downloaded",
        progress: active?.progress ?? null,
        error: failure?.en ?? null,
        errorZh: failure?.zh ?? null,
        estimate: {
          ramBytes: memory,
          vramBytes: memory,
          contextSize,
          fitsGpu: gpuFree === null ? null : memory <= gpuFree,
        },
        metadata: null,
      });
    }
    for (const file of await this.options.folder.list()) {
      if (catalogFiles.has(file.name)) continue;
      let metadata: ModelView["metadata"] = null;
      let error: string | null = null;
      let architecture = { name: "unknown", layers: 28, kvHeads: 2, headDim: 128, contextLength: 0 };
      try {
        const header = await this.headers.read(file.path);
        metadata = {
          architecture: header.architecture,
          parameters: header.parameters,
          contextLength: header.contextLength,
          fileType: header.fileType,
        };
        architecture = { ...architecture, name: header.architecture, layers: header.blockCount };
      } catch (e) {
        error = (e as Error).message;
      }
      const memory = estimateMemory({ size: file.size, architecture }, contextSize);
      views.push({
        id: `file:${file.name}`,
        file: file.name,
        label: file.name,
        family: metadata?.architecture ?? "custom",
        description: "",
        quantization: metadata?.fileType ?? "?",
        size: file.size,
        sha256: null,
        inCatalog: false,
        isDefault: false,
        state: error ? "failed" : "ready",
        progress: null,
        error,
        estimate: {
          ramBytes: memory,
          vramBytes: memory,
          contextSize,
          fitsGpu: gpuFree === null ? null : memory <= gpuFree,
        },
        metadata,
      });
    }
    return views;
  }

  /** Downloads a catalog entry from a source, verified against the catalog's size and hash. */
  downloadEntry(id: string, source: SourceId, onProgress?: (p: DownloadProgress) => void): Promise<string> {
    const entry = this.entry(id);
    return this.downloadSpec(
      {
        url: sourceUrl(this.options.catalog, entry, source, this.options.mirrorBase),
        fileName: entry.file,
        size: entry.size,
        sha256: entry.sha256,
      },
      onProgress,
    );
  }

  downloadSpec(spec: DownloadSpec, onProgress?: (p: DownloadProgress) => void): Promise<string> {
    this.options.folder.resolve(spec.fileName);
    if (this.active.has(spec.fileName))
      throw new InkstoneError("busy", {
        en: `${spec.fileName} is already downloading.`,
        zh: `${spec.fileName} 已经在下载中。`,
      });
    const controller = new AbortController();
    this.failures.delete(spec.fileName);
    const entry: Active = { controller, progress: null, promise: Promise.resolve("") };
    const network = this.options.network;
    const grants: (() => void)[] = [];
    const sourceHost = new URL(spec.url).hostname;
    if (network) grants.push(network.allow(sourceHost, `download of ${spec.fileName}`));
    // the source may redirect (Hugging Face sends files from its CDN): each hop it names is allowed for this download
    const allowed = new Set([sourceHost]);
    const beforeConnect = (url: URL) => {
      if (network && !allowed.has(url.hostname)) {
        allowed.add(url.hostname);
        grants.push(network.allow(url.hostname, `download of ${spec.fileName} (redirected by ${sourceHost})`));
      }
      network?.check(url);
    };
    entry.promise = download(spec, this.dir, {
      signal: controller.signal,
      freeBytes: this.options.freeBytes,
      beforeConnect,
      onProgress: (progress) => {
        entry.progress = progress;
        onProgress?.(progress);
        this.options.onChange?.();
      },
    })
      .catch((error: unknown) => {
        if (error instanceof DownloadError && (error.code === "paused" || error.code === "cancelled")) throw error;
        this.failures.set(spec.fileName, {
          en: (error as Error).message,
          zh:
            error instanceof DownloadError || error instanceof InkstoneError
              ? (error.messageZh ?? error.message)
              : (error as Error).message,
        });
        throw error;
      })
      .finally(() => {
        for (const release of grants) release();
        this.active.delete(spec.fileName);
        this.options.onChange?.();
      });
    this.active.set(spec.fileName, entry);
    this.options.onChange?.();
    return entry.promise;
  }

  pause(file: string): void {
    this.active.get(file)?.controller.abort("pause");
  }

  async cancel(file: string): Promise<void> {
    const active = this.active.get(file);
    if (active) {
      active.controller.abort("cancel");
      await active.promise.catch(() => {});
    } else {
      await rm(partPath(this.dir, file), { force: true });
      await rm(`${partPath(this.dir, file)}.json`, { force: true });
    }
    this.failures.delete(file);
    this.options.onChange?.();
  }

  async delete(file: string): Promise<void> {
    const full = this.options.folder.resolve(file);
    await this.cancel(file);
    await rm(full, { force: true });
    await rm(quarantinePath(this.dir, file), { force: true });
    this.options.onChange?.();
  }

  /** Hashes a file in the folder again; a catalog file that no longer matches is quarantined. */
  async verify(
    file: string,
    onProgress?: (bytes: number, total: number) => void,
  ): Promise<{ ok: boolean; sha256: string; catalogId: string | null }> {
    const full = this.options.folder.resolve(file);
    const size = (await stat(full)).size;
    const sha256 = (await hashFile(full, (b) => onProgress?.(b, size))).digest("hex");
    const entry = this.options.catalog.models.find((m) => m.file === file);
    if (entry && (entry.sha256 !== sha256 || entry.size !== size)) {
      await rename(full, quarantinePath(this.dir, file));
      this.failures.set(file, {
        en: `${file} does not match its published SHA-256 (expected ${entry.sha256}, got ${sha256}). It was quarantined and will not be loaded.`,
        zh: `${file} 与公布的 SHA-256 不符（应为 ${entry.sha256}，实际为 ${sha256}）。它已被隔离，不会被加载。`,
      });
      this.options.onChange?.();
      return { ok: false, sha256, catalogId: entry.id };
    }
    const match = this.options.catalog.models.find((m) => m.sha256 === sha256 && m.size === size);
    return { ok: true, sha256, catalogId: match?.id ?? null };
  }

  /**
   * Imports a local .gguf (e.g. from a USB stick): the header is checked before anything else
   * touches it, then it is hashed and copied in. A file matching a catalog hash becomes that
   * entry; anything else is kept as a custom model.
   */
  async import(
    source: string,
    onProgress?: (bytes: number, total: number) => void,
  ): Promise<{ file: string; catalogId: string | null }> {
    let header: Awaited<ReturnType<typeof readSupportedModelHeader>>;
    try {
      header = await readSupportedModelHeader(source);
    } catch (error) {
      if (error instanceof GgufHeaderError)
        throw new InkstoneError("model_error", {
          en: `${path.basename(source)} cannot be imported: ${error.message}`,
          zh: `无法导入 ${path.basename(source)}：${error.messageZh ?? error.message}`,
        });
      const code = (error as NodeJS.ErrnoException).code;
      // the user's words, never a raw ENOENT or stack
      throw new InkstoneError(
        "io_error",
        code === "ENOENT"
          ? { en: `There is no file at ${source}.`, zh: `${source} 处没有文件。` }
          : {
              en: `Inkstone cannot read ${source} (${code ?? "read error"}).`,
              zh: `Inkstone 无法读取 ${source}（${code ?? "读取错误"}）。`,
            },
        { reason: code === "ENOENT" ? "missing" : "unreadable", path: source },
      );
    }
    const sha256 = (await hashFile(source, (b) => onProgress?.(b, header.fileSize))).digest("hex");
    const match = this.options.catalog.models.find((m) => m.sha256 === sha256 && m.size === header.fileSize);
    const name = match ? match.file : path.basename(source).replace(/[^\w.-]+/g, "_");
    const target = this.options.folder.resolve(name.toLowerCase().endsWith(".gguf") ? name : `${name}.gguf`);
    if (path.resolve(source) !== target) {
      const temp = `${target}.importing`;
      // the models folder is made when first needed: a first import into a fresh data folder works
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await copyFile(source, temp);
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        const code = (error as NodeJS.ErrnoException).code;
        throw new InkstoneError(
          "io_error",
          code === "ENOSPC"
            ? {
                en: `There is not enough disk space to import ${path.basename(source)}.`,
                zh: `磁盘空间不足，无法导入 ${path.basename(source)}。`,
              }
            : {
                en: `${path.basename(source)} could not be copied into the models folder (${code ?? "write error"}).`,
                zh: `无法把 ${path.basename(source)} 复制到模型文件夹（${code ?? "写入错误"}）。`,
              },
          { reason: code === "ENOSPC" ? "disk_full" : "copy_failed" },
        );
      }
    }
    this.options.onChange?.();
    return { file: path.basename(target), catalogId: match?.id ?? null };
  }
}
