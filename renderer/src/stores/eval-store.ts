import { create } from "zustand";
import type { AttemptCount } from "../../../electron/shared/engine-schemas";
import type { RunEngine, RunEstimate, RunRecord } from "../../../electron/shared/eval-schemas";
import type { EngineChoice } from "../../../electron/shared/remote-engine-schemas";
import { ClientError, type StreamHandle } from "../client/client";
import { getClient } from "../client/instance";
import { saveFile } from "../save-file";
import { describeError } from "./engines-store";

interface SuiteInfo {
  id: string;
  name: string;
  description: string;
  builtIn: boolean;
  tasks: number;
  json: string;
}
interface RunInfo {
  id: string;
  suiteName: string;
  startedAt: number;
  status: string;
  variants: string[];
  attempts: number;
  /** The server that answered (null: this computer). */
  engine: RunEngine | null;
}

/** A notice of the run in progress (a busy server tried again), by code and parameters. */
export interface RunNotice {
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

export interface EvalChoices {
  suiteId: string;
  files: string[];
  repetitions: number;
  /** A server from Settings → Engines that answers the run (null or absent: this computer). */
  engine?: EngineChoice;
}
/** A first visit's choices: the built-in suite, three runs per task (a fair average, minutes rather than hours). */
export const DEFAULT_CHOICES: EvalChoices = { suiteId: "seed", files: [], repetitions: 3 };

interface EvalState {
  /** How long a run with the current choices would take (null until asked, or with no model chosen). */
  estimate: RunEstimate | null;
  estimateFor(choices: EvalChoices): Promise<void>;
  suites: SuiteInfo[];
  runs: RunInfo[];
  current: RunRecord | null;
  compare: RunRecord | null;
  running: {
    handle: StreamHandle<unknown>;
    done: number;
    total: number;
    /** The server answering this run (host[:port]), shown in the status bar; null on this computer. */
    host: string | null;
    notice: RunNotice | null;
  } | null;
  error: string | null;
  key: { keychainAvailable: boolean; stored: boolean };
  refresh(): Promise<void>;
  rememberKey(apiKey: string | null): Promise<void>;
  start(options: {
    suiteId: string;
    files: string[];
    repetitions: number;
    /** A "majority of N" column beside each model's single attempts. */
    majority?: AttemptCount;
    /** A server from Settings → Engines answers the run (null or absent: this computer). */
    engine?: EngineChoice;
    remote?: { name: string; url: string; model: string; apiKey: string };
  }): void;
  cancel(): void;
  open(id: string): Promise<void>;
  openCompare(id: string | null): Promise<void>;
  importSuite(json: string): Promise<void>;
  exportRun(format: "markdown" | "csv"): Promise<void>;
}

let estimateSeq = 0;

export const useEvalStore = create<EvalState>((set, get) => ({
  estimate: null,
  async estimateFor(choices) {
    const seq = ++estimateSeq;
    if (choices.files.length === 0) {
      set({ estimate: null });
      return;
    }
    try {
      const estimate = await getClient().call("eval.estimate", choices);
      if (seq === estimateSeq) set({ estimate });
    } catch {
      // a suite deleted meanwhile: no estimate rather than an error over the form
      if (seq === estimateSeq) set({ estimate: null });
    }
  },
  suites: [],
  runs: [],
  current: null,
  compare: null,
  running: null,
  error: null,
  key: { keychainAvailable: false, stored: false },
  async rememberKey(apiKey) {
    try {
      set({ key: await getClient().call("eval.remoteKey", { store: apiKey }) });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  async refresh() {
    try {
      const [{ suites }, { runs }, key] = await Promise.all([
        getClient().call("eval.suites", {}),
        getClient().call("eval.runs", {}),
        getClient().call("eval.remoteKey", {}),
      ]);
      set({ suites, runs, key });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  start(options) {
    const handle = getClient().stream("eval.run", options, (events) => {
      let running = get().running;
      if (!running) return;
      for (const event of events) {
        if (event.kind === "progress") running = { ...running, done: event.done, total: event.total, notice: null };
        else running = { ...running, notice: event };
      }
      set({ running });
    });
    set({ running: { handle, done: 0, total: 0, host: options.engine?.host ?? null, notice: null }, error: null });
    handle.result
      .then(async (result) => {
        await get().open(result.runId);
      })
      .catch(async (error: unknown) => {
        // a server's fault in the user's language; the attempts done before it are in the run, shown
        set({ error: describeError(error) });
        const runId = error instanceof ClientError ? (error.details as { runId?: unknown } | undefined)?.runId : null;
        if (typeof runId === "string")
          await get()
            .open(runId)
            .catch(() => {});
      })
      .finally(() => {
        set({ running: null });
        void get().refresh();
      });
  },
  cancel() {
    get().running?.handle.cancel();
  },
  async open(id) {
    set({ current: await getClient().call("eval.getRun", { id }) });
  },
  async openCompare(id) {
    set({ compare: id ? await getClient().call("eval.getRun", { id }) : null });
  },
  async importSuite(json) {
    try {
      await getClient().call("eval.importSuite", { json });
      await get().refresh();
      set({ error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  async exportRun(format) {
    const run = get().current;
    if (!run) return;
    const file = await getClient().call("eval.export", { id: run.id, format });
    saveFile(file.filename, file.content, format === "csv" ? "text/csv" : "text/markdown");
  },
}));
