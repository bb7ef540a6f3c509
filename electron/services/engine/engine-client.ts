/**
 * The main process's handle on the engine process: starts it, forwards requests, queues
 * generations (one at a time per loaded model), and survives its crashes.
 */
import { type ErrorCode, InkstoneError } from "../../shared/contract-kit.js";
import {
  type Backend,
  DEFAULT_CONTEXT_SIZE,
  type EngineHistoryItem,
  type EngineStatus,
  type GenerationEvent,
  type GenerationResult,
  type GenerationSettings,
  type GpuReport,
  type LoadedModel,
} from "../../shared/engine-schemas.js";
import type { EngineError, EngineProcess, EngineReply, EngineResults, MainToEngine } from "./engine-protocol.js";

type Request = Exclude<MainToEngine, { type: "cancel" }>;
type RequestWithoutId = Request extends infer R ? (R extends Request ? Omit<R, "id"> : never) : never;

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onReply?(reply: EngineReply): void;
}

interface QueuedGeneration {
  /** "background" (the local API) waits behind every question the user asks in the app. */
  priority: GenerationPriority;
  run(): void;
  reject(error: unknown): void;
  onEvent(event: GenerationEvent): void;
}

export type GenerationPriority = "user" | "background";

/** Steering a generation: "answer now" while it thinks, or answering from a stopped thought. */
export interface GenerationSteering {
  /** Aborting it makes the model stop thinking and answer with what it has. */
  answerNow?: AbortSignal;
  /** The reasoning of a message whose thinking stopped (a loop): close it and answer from there. */
  answerFrom?: string;
}

export interface EngineClientOptions {
  spawn: () => EngineProcess;
  backend?: Backend;
  threads?: number | null;
  onStatus?: (status: EngineStatus) => void;
  log?: (line: string) => void;
  maxQueue?: number;
}

export class EngineClient {
  private process: EngineProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: QueuedGeneration[] = [];
  private generating = false;
  private disposed = false;
  private starting: Promise<GpuReport> | null = null;
  private backend: Backend;
  private threads: number | null;
  private current: EngineStatus;
  /** The model to load again after a crash and restart; cleared by eject. */
  private lastModel: { path: string; contextSize: number } | null = null;

  constructor(private readonly options: EngineClientOptions) {
    this.backend = options.backend ?? "auto";
    this.threads = options.threads ?? null;
    this.current = { state: "stopped", model: null, gpu: null, error: null, queued: 0, backend: this.backend };
  }

  status(): EngineStatus {
    return { ...this.current, queued: this.queue.length };
  }

  private update(patch: Partial<EngineStatus>): void {
    this.current = { ...this.current, ...patch, queued: this.queue.length, backend: this.backend };
    this.options.onStatus?.(this.status());
  }

  /** Starts the engine process (once); later calls wait for the same start. */
  start(): Promise<GpuReport> {
    if (this.process && this.current.state !== "crashed" && this.starting) return this.starting;
    this.update({ state: "starting", error: null, model: null });
    const child = this.options.spawn();
    this.process = child;
    child.onMessage((reply) => this.onReply(reply));
    child.onExit((code, signal) => this.onExit(child, code, signal));
    this.starting = this.request<GpuReport>({ type: "init", backend: this.backend, threads: this.threads }).then(
      (gpu) => {
        this.update({ state: "idle", gpu });
        return gpu;
      },
      (error: unknown) => {
        this.update({ state: "crashed", error: (error as Error).message });
        throw error;
      },
    );
    return this.starting;
  }

  private onReply(reply: EngineReply): void {
    if (reply.type === "log") {
      this.options.log?.(`[engine] ${reply.message}`);
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    if (reply.type === "result") {
      this.pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.data);
      else pending.reject(toError(reply.error));
    } else pending.onReply?.(reply);
  }

  private onExit(child: EngineProcess, code: number | null, signal: string | null): void {
    if (child !== this.process) return;
    this.process = null;
    this.starting = null;
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    const error = new InkstoneError(
      "engine_crashed",
      `The engine stopped unexpectedly (${how}). The app is fine; restart the engine to continue.`,
      { code, signal },
    );
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    for (const queued of this.queue.splice(0)) queued.reject(error);
    this.generating = false;
    if (this.disposed) this.update({ state: "stopped", model: null });
    else {
      this.options.log?.(`[engine] crashed: ${how}`);
      this.update({ state: "crashed", model: null, error: error.message });
    }
  }

  private request<K extends keyof EngineResults>(
    message: RequestWithoutId & { type: K },
    onReply?: (reply: EngineReply) => void,
    signal?: AbortSignal,
  ): Promise<EngineResults[K]>;
  private request<T>(
    message: RequestWithoutId,
    onReply?: (reply: EngineReply) => void,
    signal?: AbortSignal,
  ): Promise<T>;
  private request(message: RequestWithoutId, onReply?: (reply: EngineReply) => void, signal?: AbortSignal) {
    const child = this.process;
    if (!child) return Promise.reject(new InkstoneError("engine_crashed", "The engine is not running."));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const cleanup = () => signal?.removeEventListener("abort", cancel);
      const cancel = () => child.send({ type: "cancel", target: id });
      this.pending.set(id, {
        resolve: (v) => {
          cleanup();
          resolve(v);
        },
        reject: (e) => {
          cleanup();
          reject(e);
        },
        onReply,
      });
      if (signal?.aborted) queueMicrotask(cancel);
      else signal?.addEventListener("abort", cancel, { once: true });
      child.send({ ...message, id } as MainToEngine);
    });
  }

  private async ready(): Promise<void> {
    if (this.current.state === "crashed") {
      throw new InkstoneError("engine_crashed", this.current.error ?? "The engine crashed. Restart it to continue.");
    }
    await this.start();
  }

  async load(
    path: string,
    options: { contextSize?: number; onProgress?: (progress: number) => void; signal?: AbortSignal } = {},
  ): Promise<LoadedModel> {
    await this.ready();
    if (this.generating || this.queue.length > 0) {
      throw new InkstoneError("busy", "Wait for the current answer to finish (or stop it) before loading a model.");
    }
    const file = path.split(/[\\/]/).pop() ?? path;
    this.update({ state: "loading", model: null, error: null, loading: { file, progress: 0 } });
    let shown = 0;
    try {
      const model = await this.request(
        { type: "load", path, contextSize: options.contextSize ?? DEFAULT_CONTEXT_SIZE },
        (reply) => {
          if (reply.type !== "progress") return;
          options.onProgress?.(reply.progress);
          // the status (seen by every window, e.g. the composer while the last model reloads) in 5 % steps
          if (reply.progress - shown >= 0.05) {
            shown = reply.progress;
            this.update({ loading: { file, progress: reply.progress } });
          }
        },
        options.signal,
      );
      this.lastModel = { path, contextSize: model.contextSize };
      this.update({ state: "ready", model, loading: null });
      return model;
    } catch (error) {
      this.update({ loading: null });
      if (this.current.state !== "crashed") this.update({ state: "idle", model: null });
      throw error;
    }
  }

  async eject(): Promise<void> {
    if (!this.process) return;
    this.lastModel = null;
    if (this.current.state !== "crashed") this.update({ state: "idle", model: null });
    await this.request({ type: "unload" });
  }

  async countTokens(text: string): Promise<number> {
    await this.ready();
    return this.request({ type: "count-tokens", text });
  }

  /**
   * Runs a generation now, or after the ones before it; while it waits, `onEvent` hears its
   * position. Aborting the signal stops it (or takes it out of the queue). A "background"
   * generation never interrupts one that runs; it waits behind every "user" one queued before it starts.
   */
  generate(
    history: EngineHistoryItem[],
    settings: GenerationSettings,
    onEvent: (event: GenerationEvent) => void,
    signal: AbortSignal,
    options: { priority?: GenerationPriority } & GenerationSteering = {},
  ): Promise<GenerationResult> {
    if (this.current.state === "crashed") {
      return Promise.reject(
        new InkstoneError("engine_crashed", this.current.error ?? "The engine crashed. Restart it to continue."),
      );
    }
    if (!this.current.model) {
      return Promise.reject(new InkstoneError("engine_error", "No model is loaded. Load one on the Models screen."));
    }
    if (this.queue.length >= (this.options.maxQueue ?? 4)) {
      return Promise.reject(new InkstoneError("busy", "Too many questions are waiting; try again when one finishes."));
    }
    return new Promise<GenerationResult>((resolve, reject) => {
      const entry: QueuedGeneration = {
        priority: options.priority ?? "user",
        onEvent,
        reject,
        run: () => {
          this.generating = true;
          this.update({ state: "generating" });
          onEvent({ kind: "started" });
          // the id request() is about to give this generation, for "answer now"
          const requestId = this.nextId;
          const answerNow = () => this.process?.send({ type: "cancel", target: requestId, answerNow: true });
          if (options.answerNow?.aborted) queueMicrotask(answerNow);
          else options.answerNow?.addEventListener("abort", answerNow, { once: true });
          this.request<GenerationResult>(
            { type: "generate", history, settings, answerFrom: options.answerFrom },
            (reply) => {
              if (reply.type === "chunk") onEvent({ kind: reply.kind, text: reply.text, tokens: reply.tokens });
              else if (reply.type === "notice") onEvent({ kind: "notice", code: reply.code, message: reply.message });
            },
            signal,
          )
            .then(resolve, reject)
            .finally(() => {
              options.answerNow?.removeEventListener("abort", answerNow);
              this.generating = false;
              if (this.current.state === "generating") this.update({ state: this.current.model ? "ready" : "idle" });
              this.runNext();
            });
        },
      };
      const onAbort = () => {
        const index = this.queue.indexOf(entry);
        if (index >= 0) {
          this.queue.splice(index, 1);
          this.announceQueue();
          reject(new InkstoneError("cancelled", "Stopped before it started."));
        }
      };
      signal.addEventListener("abort", onAbort, { once: true });
      const firstBackground = this.queue.findIndex((queued) => queued.priority === "background");
      if (entry.priority === "user" && firstBackground >= 0) this.queue.splice(firstBackground, 0, entry);
      else this.queue.push(entry);
      if (this.generating || this.queue.length > 1) this.announceQueue();
      else this.runNext();
    });
  }

  private announceQueue(): void {
    this.queue.forEach((entry, index) => {
      entry.onEvent({ kind: "queued", position: index + 1 });
    });
    this.update({});
  }

  private runNext(): void {
    if (this.generating) return;
    const next = this.queue.shift();
    if (!next) return;
    this.announceQueue();
    next.run();
  }

  /** Kills the engine process and starts a fresh one; reloads the model that was loaded, if any. */
  async restart(options: { backend?: Backend; threads?: number | null } = {}): Promise<EngineStatus> {
    const model = this.lastModel;
    if (options.backend) this.backend = options.backend;
    if (options.threads !== undefined) this.threads = options.threads;
    await this.stopProcess();
    await this.start();
    if (model) await this.load(model.path, { contextSize: model.contextSize }).catch(() => {});
    return this.status();
  }

  private async stopProcess(): Promise<void> {
    const child = this.process;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.onExit(() => resolve()));
    this.disposed = true;
    child.kill("SIGKILL");
    await exited;
    this.disposed = false;
  }

  /** For tests and diagnostics: the engine process's pid. */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const child = this.process;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.onExit(() => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
    await exited;
    clearTimeout(timer);
  }
}

function toError(error: EngineError): InkstoneError {
  return new InkstoneError(error.code as ErrorCode, error.message, error.details);
}
