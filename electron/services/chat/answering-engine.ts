/**
 * What answers a conversation: the local model (the engine process) or a remote engine (an
 * OpenAI-compatible server). The chat service asks one of these for everything it needs, so
 * regenerate, edit, branches, homework modes and documents work the same with either.
 */
import type {
  AttemptsResult,
  EngineHistoryItem,
  GenerationEvent,
  GenerationResult,
  GenerationSettings,
} from "../../shared/engine-schemas.js";
import type { EngineChoice } from "../../shared/remote-engine-schemas.js";
import type { EngineClient, GenerationSteering } from "../engine/engine-client.js";

/** One attempt's streamed text, while several run at once. */
export type AttemptChunkSink = (attempt: number, kind: "reasoning" | "answer", text: string, tokens: number) => void;

export interface AnsweringEngine {
  /** Who answers, as each message records it: "local" or the server's host. */
  readonly engine: string;
  /** The model that answers (null: none loaded). */
  model(): string | null;
  /** The context one request gets (null: not known; the caller assumes a default). */
  contextSize(): Promise<number | null>;
  countTokens(text: string): Promise<number>;
  generate(
    history: EngineHistoryItem[],
    settings: GenerationSettings,
    onEvent: (event: GenerationEvent) => void,
    signal: AbortSignal,
    options?: GenerationSteering,
  ): Promise<GenerationResult>;
  /** "Check with N attempts": N answers at once (the local model's parallel sequences, a server's concurrent requests). */
  generateAttempts(
    history: EngineHistoryItem[],
    settings: GenerationSettings,
    count: number,
    onChunk: AttemptChunkSink,
    onEvent: (event: GenerationEvent) => void,
    signal: AbortSignal,
  ): Promise<AttemptsResult>;
}

/** A remote engine for a conversation's choice. */
export type RemoteAnswerers = (choice: NonNullable<EngineChoice>) => Promise<AnsweringEngine>;

export function localAnswerer(engine: EngineClient): AnsweringEngine {
  return {
    engine: "local",
    model: () => engine.status().model?.name ?? null,
    contextSize: async () => engine.status().model?.contextSize ?? null,
    countTokens: (text) => engine.countTokens(text),
    generate: (history, settings, onEvent, signal, options) =>
      engine.generate(history, settings, onEvent, signal, options),
    generateAttempts: (history, settings, count, onChunk, onEvent, signal) =>
      engine.generateAttempts(history, settings, count, onChunk, onEvent, signal),
  };
}
