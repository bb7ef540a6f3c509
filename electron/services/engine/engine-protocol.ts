/** Messages between the main process and the engine process (node-llama-cpp lives only there). */

import type { ErrorCode } from "../../shared/contract-kit.js";
import type {
  AttemptsResult,
  Backend,
  EngineHistoryItem,
  GenerationResult,
  GenerationSettings,
  GpuReport,
  LoadedModel,
} from "../../shared/engine-schemas.js";

export type MainToEngine =
  | { type: "init"; id: number; backend: Backend; threads: number | null }
  | { type: "load"; id: number; path: string; contextSize: number }
  | { type: "unload"; id: number }
  | {
      type: "generate";
      id: number;
      history: EngineHistoryItem[];
      settings: GenerationSettings;
      /** Close this reasoning and answer from there (Answer now after a loop). */
      answerFrom?: string;
    }
  /** `count` attempts at once, in parallel sequences (agreement); chunks carry their attempt. */
  | { type: "generate-attempts"; id: number; history: EngineHistoryItem[]; settings: GenerationSettings; count: number }
  | { type: "count-tokens"; id: number; text: string }
  /** The user left the conversation the engine holds: save its state now, if idle (true when one was saved). */
  | { type: "keep-state"; id: number }
  /** Stops request `target`; with `answerNow`, a generation instead stops thinking and answers now. */
  | { type: "cancel"; target: number; answerNow?: boolean };

export interface EngineError {
  code: ErrorCode;
  message: string;
  messageZh?: string;
  details?: unknown;
}

export type EngineReply =
  | { type: "progress"; id: number; progress: number }
  | { type: "chunk"; id: number; kind: "reasoning" | "answer"; text: string; tokens: number; attempt?: number }
  | { type: "notice"; id: number; code: string; message: string }
  | { type: "result"; id: number; ok: true; data: unknown }
  | { type: "result"; id: number; ok: false; error: EngineError }
  | { type: "log"; level: "info" | "warn" | "error"; message: string };

export interface EngineResults {
  init: GpuReport;
  load: LoadedModel;
  unload: null;
  generate: GenerationResult;
  "generate-attempts": AttemptsResult;
  "count-tokens": number;
  "keep-state": boolean;
}

/** One engine process as the main side sees it: Node's child_process in web mode, utilityProcess in Electron. */
export interface EngineProcess {
  send(message: MainToEngine): void;
  onMessage(listener: (message: EngineReply) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(signal?: NodeJS.Signals): void;
  readonly pid: number | undefined;
}
