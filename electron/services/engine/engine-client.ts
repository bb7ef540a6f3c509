/**
 * The main process's handle on the engine: the engine's status, loading and ejecting models, and generations in
 * their queue, over the process that engine-supervisor.ts keeps (and survives the crashes of).
 */
import { InkstoneError } from "../../shared/contract-kit.js";
import {
  type AttemptsResult,
  type Backend,
  DEFAULT_CONTEXT_SIZE,
  type EngineHistoryItem,
  type EngineStatus,
  type GenerationEvent,
  type GenerationResult,
  type GenerationSettings,
  type GpuReport,
  type LoadedModel,
  MAX_PARALLEL_ATTEMPTS,
} from "../../shared/engine-schemas.js";
import type { EngineProcess } from "./engine-protocol.js";
import { EngineSupervisor } from "./engine-supervisor.js";
import { type GenerationPriority, GenerationQueue } from "./generation-queue.js";

export type { GenerationPriority } from "./generation-queue.js";

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
  private readonly supervisor: EngineSupervisor;
  private readonly queue = new GenerationQueue(() => this.update({}));
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
    this.supervisor = new EngineSupervisor({
      spawn: options.spawn,
      log: options.log,
      onExit: (error, expected) => {
        this.starting = null;
        this.queue.rejectAll(error);
        if (expected) this.update({ state: "stopped", model: null });
        else this.update({ state: "crashed", model: null, error: error.message, errorZh: error.messageZh ?? null });
      },
    });
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
    if (this.supervisor.running && this.current.state !== "crashed" && this.starting) return this.starting;
    this.update({ state: "starting", error: null, errorZh: null, model: null });
    this.supervisor.launch();
    this.starting = this.supervisor.request({ type: "init", backend: this.backend, threads: this.threads }).then(
      (gpu) => {
        this.update({ state: "idle", gpu });
        return gpu;
      },
      (error: unknown) => {
        this.update({
          state: "crashed",
          error: (error as Error).message,
          errorZh: error instanceof InkstoneError ? (error.messageZh ?? null) : null,
        });
        throw error;
      },
    );
    return this.starting;
  }

  private crashed(): InkstoneError {
    const { error, errorZh } = this.current;
    return new InkstoneError("engine_crashed", {
      en: error ?? "The engine crashed. Restart it to continue.",
      zh: errorZh ?? (error ? `引擎崩溃了：${error}` : "引擎崩溃了。请重启引擎以继续。"),
    });
  }

  private async ready(): Promise<void> {
    if (this.current.state === "crashed") throw this.crashed();
    await this.start();
  }

  async load(
    path: string,
    options: { contextSize?: number; onProgress?: (progress: number) => void; signal?: AbortSignal } = {},
  ): Promise<LoadedModel> {
    await this.ready();
    if (this.queue.busy) {
      throw new InkstoneError("busy", {
        en: "Wait for the current answer to finish (or stop it) before loading a model.",
        zh: "请等当前回答结束（或停止它）后再加载模型。",
      });
    }
    const file = path.split(/[\\/]/).pop() ?? path;
    this.update({ state: "loading", model: null, error: null, errorZh: null, loading: { file, progress: 0 } });
    let shown = 0;
    try {
      const model = await this.supervisor.request(
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
    if (!this.supervisor.running) return;
    this.lastModel = null;
    if (this.current.state !== "crashed") this.update({ state: "idle", model: null });
    await this.supervisor.request({ type: "unload" });
  }

  async countTokens(text: string): Promise<number> {
    await this.ready();
    return this.supervisor.request({ type: "count-tokens", text });
  }

  /**
   * The user left the conversation the model last answered: when the engine is idle, it saves that conversation's
   * context state now instead of when the next question arrives. A hint: false when nothing was saved.
   */
  async keepState(): Promise<boolean> {
    if (!this.current.model || this.queue.busy || this.current.state === "crashed") return false;
    return this.supervisor.request({ type: "keep-state" }).catch(() => false);
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
    return this.schedule(onEvent, signal, options.priority, () => {
      // the id the request is about to get, for "answer now"
      const requestId = this.supervisor.peekNextId();
      const answerNow = () => this.supervisor.cancel(requestId, true);
      if (options.answerNow?.aborted) queueMicrotask(answerNow);
      else options.answerNow?.addEventListener("abort", answerNow, { once: true });
      return this.supervisor
        .request<GenerationResult>(
          { type: "generate", history, settings, answerFrom: options.answerFrom },
          (reply) => {
            if (reply.type === "chunk") onEvent({ kind: reply.kind, text: reply.text, tokens: reply.tokens });
            else if (reply.type === "notice") onEvent({ kind: "notice", code: reply.code, message: reply.message });
          },
          signal,
        )
        .finally(() => options.answerNow?.removeEventListener("abort", answerNow));
    });
  }

  /**
   * `count` attempts at the question at once, in parallel sequences of one context (agreement), queued like one
   * generation. `onChunk` hears each attempt's text; aborting the signal stops them all.
   */
  generateAttempts(
    history: EngineHistoryItem[],
    settings: GenerationSettings,
    count: number,
    onChunk: (attempt: number, kind: "reasoning" | "answer", text: string, tokens: number) => void,
    onEvent: (event: GenerationEvent) => void,
    signal: AbortSignal,
    options: { priority?: GenerationPriority } = {},
  ): Promise<AttemptsResult> {
    if (!Number.isInteger(count) || count < 1 || count > MAX_PARALLEL_ATTEMPTS) {
      return Promise.reject(
        new InkstoneError("invalid_request", {
          en: `Between 1 and ${MAX_PARALLEL_ATTEMPTS} attempts can run at once.`,
          zh: `同时可以进行 1 到 ${MAX_PARALLEL_ATTEMPTS} 次尝试。`,
        }),
      );
    }
    return this.schedule(onEvent, signal, options.priority, () =>
      this.supervisor.request<AttemptsResult>(
        { type: "generate-attempts", history, settings, count },
        (reply) => {
          if (reply.type === "chunk") onChunk(reply.attempt ?? 0, reply.kind, reply.text, reply.tokens);
          else if (reply.type === "notice") onEvent({ kind: "notice", code: reply.code, message: reply.message });
        },
        signal,
      ),
    );
  }

  /** Queues a generation (one at a time on the loaded model) and starts it when its turn comes. */
  private schedule<T>(
    onEvent: (event: GenerationEvent) => void,
    signal: AbortSignal,
    priority: GenerationPriority = "user",
    run: () => Promise<T>,
  ): Promise<T> {
    if (this.current.state === "crashed") return Promise.reject(this.crashed());
    if (!this.current.model) {
      return Promise.reject(
        new InkstoneError("engine_error", {
          en: "No model is loaded. Load one on the Models screen.",
          zh: "没有加载模型。请在“模型”页面加载一个。",
        }),
      );
    }
    if (this.queue.length >= (this.options.maxQueue ?? 4)) {
      return Promise.reject(
        new InkstoneError("busy", {
          en: "Too many questions are waiting; try again when one finishes.",
          zh: "等待中的问题太多；请等其中一个完成后再试。",
        }),
      );
    }
    return new Promise<T>((resolve, reject) => {
      const start = (done: () => void) => {
        this.update({ state: "generating" });
        onEvent({ kind: "started" });
        run()
          .finally(() => {
            if (this.current.state === "generating") this.update({ state: this.current.model ? "ready" : "idle" });
            // the queue is free before the caller hears the outcome (it may load another model at once)
            done();
          })
          .then(resolve, reject);
      };
      this.queue.add({ priority, onEvent, reject, start }, signal);
    });
  }

  /** Kills the engine process and starts a fresh one; reloads the model that was loaded, if any. */
  async restart(options: { backend?: Backend; threads?: number | null } = {}): Promise<EngineStatus> {
    const model = this.lastModel;
    if (options.backend) this.backend = options.backend;
    if (options.threads !== undefined) this.threads = options.threads;
    await this.supervisor.stop();
    await this.start();
    if (model) await this.load(model.path, { contextSize: model.contextSize }).catch(() => {});
    return this.status();
  }

  /** For tests and diagnostics: the engine process's pid. */
  get pid(): number | undefined {
    return this.supervisor.pid;
  }

  async dispose(): Promise<void> {
    await this.supervisor.dispose();
  }
}
