/**
 * The engine process's supervisor: starts it, pairs each request with its replies by id, cancels on request, and
 * turns an unexpected exit into one `engine_crashed` error for everything still waiting. Knows nothing of models
 * or queues (engine-client.ts, generation-queue.ts).
 */
import { type ErrorCode, InkstoneError } from "../../shared/contract-kit.js";
import type { EngineError, EngineProcess, EngineReply, EngineResults, MainToEngine } from "./engine-protocol.js";

type Request = Exclude<MainToEngine, { type: "cancel" }>;
export type RequestWithoutId = Request extends infer R ? (R extends Request ? Omit<R, "id"> : never) : never;

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onReply?(reply: EngineReply): void;
}

export interface EngineSupervisorOptions {
  spawn: () => EngineProcess;
  log?: (line: string) => void;
  /** The process ended: `expected` when stop() or dispose() ended it; otherwise `error` says how it crashed. */
  onExit(error: InkstoneError, expected: boolean): void;
}

export class EngineSupervisor {
  private process: EngineProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private stopping = false;

  constructor(private readonly options: EngineSupervisorOptions) {}

  get running(): boolean {
    return this.process !== null;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** Starts a new engine process (the previous one, if any, is no longer listened to). */
  launch(): void {
    const child = this.options.spawn();
    this.process = child;
    child.onMessage((reply) => this.onReply(reply));
    child.onExit((code, signal) => this.onExit(child, code, signal));
  }

  /** The id the next request will get (so a caller can steer a generation before its request is sent). */
  peekNextId(): number {
    return this.nextId;
  }

  /** Cancels a request (or makes a generation answer now). */
  cancel(target: number, answerNow?: boolean): void {
    this.process?.send(answerNow ? { type: "cancel", target, answerNow: true } : { type: "cancel", target });
  }

  request<K extends keyof EngineResults>(
    message: RequestWithoutId & { type: K },
    onReply?: (reply: EngineReply) => void,
    signal?: AbortSignal,
  ): Promise<EngineResults[K]>;
  request<T>(message: RequestWithoutId, onReply?: (reply: EngineReply) => void, signal?: AbortSignal): Promise<T>;
  request(message: RequestWithoutId, onReply?: (reply: EngineReply) => void, signal?: AbortSignal) {
    const child = this.process;
    if (!child)
      return Promise.reject(
        new InkstoneError("engine_crashed", { en: "The engine is not running.", zh: "引擎没有在运行。" }),
      );
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

  /** Kills the process at once and waits for its exit (a restart). */
  async stop(): Promise<void> {
    await this.end("SIGKILL", false);
  }

  /** Asks the process to end, kills it after 2 s, and waits (the app is closing). */
  async dispose(): Promise<void> {
    await this.end("SIGTERM", true);
  }

  private async end(signal: "SIGKILL" | "SIGTERM", forever: boolean): Promise<void> {
    const child = this.process;
    if (forever) this.stopping = true;
    if (!child) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => child.onExit(() => resolve()));
    child.kill(signal);
    const timer = signal === "SIGTERM" ? setTimeout(() => child.kill("SIGKILL"), 2000) : null;
    await exited;
    if (timer) clearTimeout(timer);
    if (!forever) this.stopping = false;
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
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    const error = new InkstoneError(
      "engine_crashed",
      {
        en: `The engine stopped unexpectedly (${how}). The app is fine; restart the engine to continue.`,
        zh: `引擎意外停止（${how}）。应用本身没有问题；请重启引擎以继续。`,
      },
      { code, signal },
    );
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    if (!this.stopping) this.options.log?.(`[engine] crashed: ${how}`);
    this.options.onExit(error, this.stopping);
  }
}

function toError(error: EngineError): InkstoneError {
  return InkstoneError.from({ ...error, code: error.code as ErrorCode });
}
