/**
 * Collections from start to finish: made from a folder or chosen files, indexed in the background
 * by the shared worker pool with progress per file, pause, resume and cancel; brought up to date
 * when opened and while their folders are watched; searched; deleted with their index (never the
 * user's files). Plain Node: the CLI, web mode and the Electron app use the same class.
 */
import { setMaxListeners } from "node:events";
import { stat } from "node:fs/promises";
import path from "node:path";
import { InkstoneError } from "../../shared/contract-kit.js";
import { prepareOcrLanguages } from "../documents/ocr.js";
import { openIndexReader } from "./collection-database.js";
import { CollectionIndex, type IndexedFile } from "./collection-index.js";
import { type CollectionMeta, CollectionRegistry } from "./collection-registry.js";
import { FolderWatcher } from "./folder-watcher.js";
import { IndexPool } from "./index-pool.js";
import { IndexWriter } from "./index-writer-client.js";
import type { IndexWrite } from "./index-writes.js";
import { readForIndex } from "./read-for-index.js";
import { type CollectionContext, retrieveForQuestion } from "./retrieve.js";
import { listSourceFiles } from "./source-files.js";

export type JobStatus = "indexing" | "paused" | "idle";

export interface CollectionSummary {
  id: string;
  name: string;
  dir: string | null;
  files: number;
  pages: number;
  failed: number;
  pending: number;
  status: JobStatus;
  /** Files finished of those this run is indexing. */
  done: number;
  total: number;
  /** Set when the index was damaged and is being rebuilt. */
  notice: string | null;
}

export interface CollectionProgress {
  collectionId: string;
  status: JobStatus;
  done: number;
  total: number;
  file: { name: string; state: string; stage?: string; page?: number; pages?: number; reason?: string } | null;
}

interface Job {
  status: JobStatus;
  done: number;
  total: number;
  controller: AbortController;
  /** Lanes waiting while paused. */
  waiting: (() => void)[];
  again: boolean;
  finished: Promise<void>;
}

export interface CollectionServiceOptions {
  /** Where collections live (`<data>/collections`). */
  dir: string;
  /** Where the OCR languages are prepared; null: no OCR (photos and scans are listed as failed). */
  cacheDir: string | null;
  workers?: number;
  /** Watch the collections' folders and re-index what changes (the app); off for the CLI and tests. */
  watch?: boolean;
  onProgress?: (progress: CollectionProgress) => void;
}

export class CollectionService {
  readonly registry: CollectionRegistry;
  private readonly pool: IndexPool;
  /** Every write to the indexes, their commits, fsyncs and checkpoints: in a thread of its own. */
  private readonly writer = new IndexWriter();
  /** The main thread's read connections, opened once the writer has opened (checked, migrated) the index. */
  private readonly indexes = new Map<string, Promise<CollectionIndex>>();
  private readonly notices = new Map<string, string>();
  private readonly jobs = new Map<string, Job>();
  /** Re-opens (and so re-syncs) a collection when its folder changes while the app runs. */
  private readonly watcher = new FolderWatcher((id) => void this.open(id).catch(() => {}));
  private langDir: Promise<string | null> | null = null;
  /** Where indexing time went, in the readers (summed over workers) and the writer: bench:collections prints it. */
  readonly timing = { readMs: 0, extractMs: 0, passagesMs: 0 };

  /** The writer's time in transactions and in fsyncs/checkpoints, as of its last durable point. */
  get writerTiming(): { writeMs: number; fsyncMs: number } {
    return { writeMs: this.writer.writeMs, fsyncMs: this.writer.fsyncMs };
  }

  constructor(private readonly options: CollectionServiceOptions) {
    this.registry = new CollectionRegistry(options.dir);
    this.pool = new IndexPool(options.workers);
  }

  get workers(): number {
    return this.pool.size;
  }

  private async meta(id: string): Promise<CollectionMeta> {
    const meta = (await this.registry.list()).find((m) => m.id === id);
    if (!meta)
      throw new InkstoneError("not_found", { en: "That collection no longer exists.", zh: "这个资料库已不存在。" });
    return meta;
  }

  async byName(name: string): Promise<CollectionMeta> {
    const meta = (await this.registry.list()).find((m) => m.name.toLowerCase() === name.toLowerCase());
    if (!meta)
      throw new InkstoneError("not_found", {
        en: `There is no collection named "${name}".`,
        zh: `没有名为“${name}”的资料库。`,
      });
    return meta;
  }

  private index(meta: CollectionMeta): Promise<CollectionIndex> {
    let index = this.indexes.get(meta.id);
    if (!index) {
      const file = this.registry.indexFile(meta.id);
      index = this.writer.open(file).then(({ movedTo }) => {
        if (movedTo)
          this.notices.set(
            meta.id,
            `The index of "${meta.name}" was damaged; it was moved to ${path.basename(movedTo)} and is being rebuilt from your files.`,
          );
        return new CollectionIndex(openIndexReader(file));
      });
      index.catch(() => this.indexes.delete(meta.id));
      this.indexes.set(meta.id, index);
    }
    return index;
  }

  private async summary(meta: CollectionMeta): Promise<CollectionSummary> {
    const stats = (await this.index(meta)).stats();
    const job = this.jobs.get(meta.id);
    return {
      id: meta.id,
      name: meta.name,
      dir: meta.source.dir,
      files: stats.files,
      pages: stats.pages,
      failed: stats.failed,
      pending: stats.pending,
      status: job?.status ?? "idle",
      done: job?.done ?? 0,
      total: job?.total ?? 0,
      notice: this.notices.get(meta.id) ?? null,
    };
  }

  async list(): Promise<CollectionSummary[]> {
    return Promise.all((await this.registry.list()).map((meta) => this.summary(meta)));
  }

  async get(id: string): Promise<CollectionSummary> {
    return this.summary(await this.meta(id));
  }

  async files(id: string): Promise<IndexedFile[]> {
    return (await this.index(await this.meta(id))).files();
  }

  async create(input: { name: string; dir?: string | null; files?: string[] }): Promise<CollectionSummary> {
    const name = input.name.trim();
    if (!name || name.length > 80)
      throw new InkstoneError("invalid_request", {
        en: "Give the collection a name (1–80 characters).",
        zh: "请给资料库起个名字（1–80 个字符）。",
      });
    if ((await this.registry.list()).some((m) => m.name.toLowerCase() === name.toLowerCase()))
      throw new InkstoneError("invalid_request", {
        en: `A collection named "${name}" already exists.`,
        zh: `名为“${name}”的资料库已存在。`,
      });
    const dir = input.dir ? path.resolve(input.dir) : null;
    const files = (input.files ?? []).map((f) => path.resolve(f));
    if (!dir && files.length === 0)
      throw new InkstoneError("invalid_request", {
        en: "Choose a folder or at least one file for the collection.",
        zh: "请为资料库选择一个文件夹，或至少一个文件。",
      });
    if (dir && !(await stat(dir).catch(() => null))?.isDirectory())
      throw new InkstoneError("not_found", {
        en: `The folder ${dir} does not exist or is not a folder.`,
        zh: `文件夹 ${dir} 不存在，或者不是文件夹。`,
      });
    for (const file of files)
      if (!(await stat(file).catch(() => null))?.isFile())
        throw new InkstoneError("not_found", { en: `The file ${file} does not exist.`, zh: `文件 ${file} 不存在。` });
    const meta = await this.registry.add(name, { dir, files });
    return this.open(meta.id);
  }

  /** Brings the index up to date with the files on disk (added, changed, removed) and indexes what is new. */
  async open(id: string): Promise<CollectionSummary> {
    const meta = await this.meta(id);
    const job = this.jobs.get(id);
    if (job) {
      job.again = true; // the running job looks again when it ends
      return this.summary(meta);
    }
    const index = await this.index(meta);
    const onDisk = await listSourceFiles(meta.source);
    const known = new Map(index.files().map((f) => [f.path, f]));
    const present = new Set(onDisk.map((f) => f.path));
    const remove = [...known.values()].filter((f) => !present.has(f.path)).map((f) => f.id);
    const upsert = onDisk.filter((file) => {
      const old = known.get(file.path);
      return !old || old.size !== file.size || old.mtimeMs !== Math.round(file.mtimeMs);
    });
    const file = this.registry.indexFile(meta.id);
    if (remove.length || upsert.length) {
      await this.writer.write(file, { type: "files", remove, upsert });
      await this.writer.durable(file);
    }
    if (this.jobs.has(id)) return this.open(id); // a watcher's check started one meanwhile
    if (index.stats().pending > 0) this.startJob(meta, index);
    if (this.options.watch) this.watcher.watch(meta);
    return this.summary(meta);
  }

  /** Resolves when the collection has no indexing running. */
  async whenIdle(id: string): Promise<void> {
    for (let job = this.jobs.get(id); job; job = this.jobs.get(id)) await job.finished;
  }

  private ocrLanguages(): Promise<string | null> {
    const cacheDir = this.options.cacheDir;
    this.langDir ??= cacheDir ? prepareOcrLanguages(cacheDir).catch(() => null) : Promise.resolve(null);
    return this.langDir;
  }

  private emit(meta: CollectionMeta, job: Job, file: CollectionProgress["file"]): void {
    this.options.onProgress?.({ collectionId: meta.id, status: job.status, done: job.done, total: job.total, file });
  }

  private startJob(meta: CollectionMeta, index: CollectionIndex): void {
    const pending = index.files().filter((f) => f.state === "pending");
    const job: Job = {
      status: "indexing",
      done: 0,
      total: pending.length,
      controller: new AbortController(),
      waiting: [],
      again: false,
      finished: Promise.resolve(),
    };
    this.jobs.set(meta.id, job);
    const signal = job.controller.signal;
    setMaxListeners(0, signal); // one listener per file in the pool's queue
    const langDir = this.ocrLanguages();
    const indexFile = this.registry.indexFile(meta.id);
    let next = 0;
    /** Commits the file's outcome (in the writer thread), then reports it. */
    const commit = async (file: IndexedFile, write: IndexWrite) => {
      try {
        await this.writer.write(indexFile, write);
      } catch (error) {
        this.notices.set(meta.id, `The index of "${meta.name}" could not be written: ${(error as Error).message}`);
      }
      job.done++;
      const stored = index.file(file.id);
      this.emit(
        meta,
        job,
        stored && { name: stored.name, state: stored.state, pages: stored.pages, reason: stored.reason ?? undefined },
      );
    };
    const lane = async () => {
      // one commit in flight per lane: the next file is read while the last one is written
      let committing: Promise<void> = Promise.resolve();
      while (next < pending.length && !signal.aborted) {
        if (job.status === "paused") await new Promise<void>((resolve) => job.waiting.push(resolve));
        if (signal.aborted) break;
        const file = pending[next++]!;
        const write = await readForIndex(this.pool, file, {
          langDir,
          signal,
          timing: this.timing,
          onProgress: (stage, done, total) =>
            this.emit(meta, job, { name: file.name, state: "pending", stage, page: done, pages: total }),
        });
        if (!write || signal.aborted) break;
        await committing;
        committing = commit(file, write);
      }
      await committing;
    };
    job.finished = Promise.all(Array.from({ length: this.pool.size }, lane))
      // the run ends durable: once it reports idle, its index survives a power cut
      .then(() => this.writer.durable(indexFile))
      .catch((error: unknown) => {
        this.notices.set(meta.id, `The index of "${meta.name}" could not be written: ${(error as Error).message}`);
      })
      .then(() => {
        if (this.jobs.get(meta.id) !== job) return;
        this.jobs.delete(meta.id);
        job.status = "idle";
        this.emit(meta, job, null);
        if (job.again && !signal.aborted) void this.open(meta.id).catch(() => {});
      });
  }

  pause(id: string): void {
    const job = this.jobs.get(id);
    if (job?.status === "indexing") job.status = "paused";
    if (job)
      this.options.onProgress?.({ collectionId: id, status: job.status, done: job.done, total: job.total, file: null });
  }

  resume(id: string): void {
    const job = this.jobs.get(id);
    if (job?.status !== "paused") return;
    job.status = "indexing";
    for (const wake of job.waiting.splice(0)) wake();
    this.options.onProgress?.({ collectionId: id, status: job.status, done: job.done, total: job.total, file: null });
  }

  /** Stops indexing; files not reached stay pending until the collection is opened again. */
  async cancel(id: string): Promise<void> {
    const job = this.jobs.get(id);
    if (!job) return;
    job.controller.abort();
    for (const wake of job.waiting.splice(0)) wake();
    await job.finished;
  }

  async delete(id: string): Promise<void> {
    const meta = await this.meta(id);
    await this.cancel(id);
    this.watcher.forget(id);
    // the reader first: the writer's connection is the last one, so SQLite's closing checkpoint runs there
    const index = this.indexes.get(id);
    this.indexes.delete(id);
    (await index?.catch(() => null))?.close();
    await this.writer.closeIndex(this.registry.indexFile(id));
    this.notices.delete(id);
    await this.registry.remove(meta.id);
  }

  async search(id: string, query: string, options: { k?: number; exclude?: number[] } = {}) {
    return (await this.index(await this.meta(id))).search(query, options);
  }

  async retrieve(
    id: string,
    question: string,
    budgetTokens: number,
    countTokens: (text: string) => Promise<number>,
    options: { pin?: number[]; exclude?: number[] } = {},
  ): Promise<CollectionContext & { name: string }> {
    const meta = await this.meta(id);
    return {
      name: meta.name,
      ...(await retrieveForQuestion(await this.index(meta), question, budgetTokens, countTokens, options)),
    };
  }

  /** The passage a citation opens: by its id, else the cited file's page. */
  async passage(id: string, ref: { passageId?: number; file?: string; page?: number }) {
    const index = await this.index(await this.meta(id));
    const byId = ref.passageId !== undefined ? index.passage(ref.passageId) : null;
    if (byId) return byId;
    const onPage = ref.file && ref.page ? index.pagePassages(ref.file, ref.page) : [];
    if (onPage.length === 0)
      throw new InkstoneError("not_found", {
        en: `${ref.file ?? "That file"} has no page ${ref.page ?? "?"} in this collection.`,
        zh: `在此资料库中，${ref.file ?? "该文件"} 没有第 ${ref.page ?? "?"} 页。`,
      });
    return { ...onPage[0]!, text: onPage.map((p) => p.text).join("\n\n") };
  }

  /** Watches every collection's files while the app runs. */
  async watchAll(): Promise<void> {
    for (const meta of await this.registry.list()) this.watcher.watch(meta);
  }

  async close(): Promise<void> {
    this.watcher.close();
    for (const job of this.jobs.values()) job.controller.abort();
    await this.pool.close();
    await Promise.all([...this.jobs.values()].map((job) => job.finished));
    for (const index of this.indexes.values()) (await index.catch(() => null))?.close();
    this.indexes.clear();
    await this.writer.close();
  }
}
