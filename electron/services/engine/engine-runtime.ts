/**
 * Everything node-llama-cpp does, inside the engine process: one Llama, at most one loaded model
 * with one context sequence (and the saved states of recent conversations, saved-contexts.ts), and one generation at
 * a time (or one set of parallel attempts, in a context of their own).
 */
import { type Llama, LlamaChat, type LlamaContext, type LlamaContextSequence, type LlamaModel } from "node-llama-cpp";
import { InkstoneError } from "../../shared/contract-kit.js";
import type {
  AttemptsResult,
  Backend,
  EngineHistoryItem,
  GenerationResult,
  GenerationSettings,
  GpuReport,
  LoadedModel,
} from "../../shared/engine-schemas.js";
import { AttemptsContexts } from "./attempts-context.js";
import { toChatHistory } from "./chat-history.js";
import { type ChunkSink, type GenerationControl, type NoticeSink, runGeneration } from "./generation-run.js";
import { setUpLlama } from "./llama-setup.js";
import { preflightModel } from "./model-preflight.js";
import { type AttemptChunkSink, runAttempts } from "./parallel-attempts.js";
import { SavedContexts } from "./saved-contexts.js";

interface Loaded {
  model: LlamaModel;
  context: LlamaContext;
  sequence: LlamaContextSequence;
  chat: LlamaChat;
  /** Recent conversations' context states, to return to without evaluating them again. */
  saved: SavedContexts;
  /** The context of the last "Check with N attempts", kept for the next run. */
  attempts: AttemptsContexts;
  info: LoadedModel;
}

/** Room kept free for the answer when checking that a new question fits the context. */
const ANSWER_RESERVE_TOKENS = 512;

export class EngineRuntime {
  private llama: Llama | null = null;
  private report: GpuReport | null = null;
  private loaded: Loaded | null = null;
  private generating: AbortController | null = null;
  private generationDone: Promise<unknown> = Promise.resolve();
  private control: GenerationControl | null = null;
  /** A state being saved for a conversation the user left; a generation or an unload waits for it. */
  private keeping: Promise<unknown> = Promise.resolve();

  async init(backend: Backend, threads: number | null): Promise<GpuReport> {
    if (this.llama) return this.report!;
    const setup = await setUpLlama(backend, threads);
    this.llama = setup.llama;
    this.report = setup.report;
    return setup.report;
  }

  private requireLlama(): Llama {
    if (!this.llama)
      throw new InkstoneError("engine_error", { en: "The engine is not initialised.", zh: "引擎尚未初始化。" });
    return this.llama;
  }

  async load(
    path: string,
    contextSize: number,
    onProgress: (p: number) => void,
    signal: AbortSignal,
  ): Promise<LoadedModel> {
    const llama = this.requireLlama();
    await this.unload();
    const started = performance.now();
    const preflight = await preflightModel(llama, path, contextSize);
    onProgress(0);
    let model: LlamaModel;
    try {
      model = await llama.loadModel({
        modelPath: path,
        gpuLayers: llama.gpu === false ? undefined : { fitContext: { contextSize: preflight.effectiveContext } },
        onLoadProgress: (progress) => onProgress(Math.min(0.99, progress)),
        loadSignal: signal,
        // flash attention is left to llama.cpp's own "auto" choice per backend: forcing it either way
        // slowed prompt processing by 6-10 % on CPU here (bench:engine)
      });
    } catch (error) {
      if (signal.aborted) throw new InkstoneError("cancelled", { en: "Model load cancelled.", zh: "已取消加载模型。" });
      throw new InkstoneError("model_error", {
        en: `llama.cpp could not load the model: ${(error as Error).message}`,
        zh: `llama.cpp 无法加载模型：${(error as Error).message}`,
      });
    }
    let context: LlamaContext;
    try {
      context = await model.createContext({
        contextSize: preflight.effectiveContext,
        threads: this.report!.threads,
        sequences: 1,
      });
    } catch (error) {
      await model.dispose();
      throw new InkstoneError(
        "model_error",
        {
          en: `Not enough memory for a ${preflight.effectiveContext}-token context: ${(error as Error).message}`,
          zh: `内存不足，无法使用 ${preflight.effectiveContext} 个 token 的上下文：${(error as Error).message}`,
        },
        { reason: "out_of_memory" },
      );
    }
    const sequence = context.getSequence();
    const chat = new LlamaChat({ contextSequence: sequence, autoDisposeSequence: false });
    const info: LoadedModel = {
      path,
      name: preflight.name || path.split(/[\\/]/).pop()!,
      contextSize: context.contextSize,
      trainContextSize: preflight.trainContextSize,
      gpuLayers: model.gpuLayers,
      totalLayers: preflight.insights.totalLayers,
      loadMs: Math.round(performance.now() - started),
    };
    this.loaded = {
      model,
      context,
      sequence,
      chat,
      saved: new SavedContexts(sequence),
      attempts: new AttemptsContexts(),
      info,
    };
    onProgress(1);
    return info;
  }

  async unload(): Promise<void> {
    if (this.generating) {
      this.generating.abort(
        new InkstoneError("engine_error", {
          en: "The model was ejected while it was answering.",
          zh: "模型在回答时被卸载了。",
        }),
      );
      await this.generationDone.catch(() => {});
    }
    const loaded = this.loaded;
    this.loaded = null;
    if (!loaded) return;
    await this.keeping;
    loaded.saved.clear();
    await loaded.attempts.clear();
    loaded.chat.dispose({ disposeSequence: true });
    await loaded.context.dispose();
    await loaded.model.dispose();
  }

  async countTokens(text: string): Promise<number> {
    if (!this.loaded) throw new InkstoneError("engine_error", { en: "No model is loaded.", zh: "没有加载模型。" });
    return this.loaded.model.tokenize(text).length;
  }

  /** The loaded model, once the question is checked to fit its context (with room kept for the answer). */
  private requireRoomFor(turns: EngineHistoryItem[]): Loaded {
    const loaded = this.loaded;
    if (!loaded)
      throw new InkstoneError("engine_error", {
        en: "No model is loaded. Load one on the Models screen.",
        zh: "没有加载模型。请在“模型”页面加载一个。",
      });
    if (this.generating)
      throw new InkstoneError("busy", { en: "The model is already answering.", zh: "模型正在回答。" });
    const question = turns.at(-1);
    if (question?.role !== "user")
      throw new InkstoneError("invalid_request", {
        en: "The last turn must be the user's question.",
        zh: "最后一轮必须是用户的问题。",
      });
    const questionTokens = loaded.model.tokenize(question.text).length;
    const reserve = Math.min(ANSWER_RESERVE_TOKENS, Math.floor(loaded.info.contextSize / 4));
    const room = loaded.info.contextSize - reserve;
    if (questionTokens > room) {
      throw new InkstoneError(
        "engine_error",
        {
          en: `Your message is ${questionTokens} tokens, but the context holds ${loaded.info.contextSize} (with ${reserve} kept for the answer). Shorten it or load the model with a larger context.`,
          zh: `你的消息有 ${questionTokens} 个 token，但上下文只能容纳 ${loaded.info.contextSize} 个（其中 ${reserve} 个留给回答）。请缩短消息，或以更大的上下文加载模型。`,
        },
        { reason: "context_overflow", questionTokens, contextSize: loaded.info.contextSize },
      );
    }
    return loaded;
  }

  /** Runs `work` as the one generation of the moment: an eject stops it, and waits for it. */
  private async exclusive<T>(signal: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.generating = controller;
    const forward = () => controller.abort(signal.reason);
    if (signal.aborted) forward();
    else signal.addEventListener("abort", forward, { once: true });
    let finished!: () => void;
    this.generationDone = new Promise<void>((resolve) => {
      finished = resolve;
    });
    try {
      return await work(controller.signal);
    } catch (error) {
      if (controller.signal.reason instanceof InkstoneError) throw controller.signal.reason;
      throw error;
    } finally {
      signal.removeEventListener("abort", forward);
      this.generating = null;
      this.control = null;
      finished();
    }
  }

  async generate(
    turns: EngineHistoryItem[],
    settings: GenerationSettings,
    onChunk: ChunkSink,
    onNotice: NoticeSink,
    signal: AbortSignal,
    options: { answerFrom?: string } = {},
  ): Promise<GenerationResult> {
    const loaded = this.requireRoomFor(turns);
    const control: GenerationControl = { answerFrom: options.answerFrom };
    this.control = control;
    const target = { model: loaded.model, chat: loaded.chat, contextSize: loaded.info.contextSize };
    return this.exclusive(signal, async (stop) => {
      await this.keeping;
      // the prompt as LlamaChat will lay it out: a conversation returned to reloads its saved state
      const prompt = () =>
        loaded.chat.chatWrapper
          .generateContextState({ chatHistory: toChatHistory(settings.systemPrompt, turns) })
          .contextText.tokenize(loaded.model.tokenizer);
      await loaded.saved.prepare(prompt);
      return runGeneration(target, turns, settings, onChunk, onNotice, stop, control);
    });
  }

  /** `count` attempts at the question at once, in parallel sequences of a context made for them. */
  async generateAttempts(
    turns: EngineHistoryItem[],
    settings: GenerationSettings,
    count: number,
    onChunk: AttemptChunkSink,
    onNotice: NoticeSink,
    signal: AbortSignal,
  ): Promise<AttemptsResult> {
    const loaded = this.requireRoomFor(turns);
    const target = {
      model: loaded.model,
      contextSize: loaded.info.contextSize,
      threads: this.report!.threads,
      chatWrapper: loaded.chat.chatWrapper,
      contexts: loaded.attempts,
    };
    return this.exclusive(signal, (stop) => runAttempts(target, turns, settings, count, onChunk, onNotice, stop));
  }

  /**
   * The user left the conversation the sequence holds: its state is saved now, while they type elsewhere, so their
   * next question does not wait for the save. Nothing is saved while a generation runs. Returns whether one was.
   */
  keepState(): Promise<boolean> {
    const loaded = this.loaded;
    if (!loaded || this.generating) return Promise.resolve(false);
    const kept = this.keeping.then(() => (this.loaded === loaded && !this.generating ? loaded.saved.keep() : false));
    this.keeping = kept.catch(() => {});
    return kept;
  }

  /** The model stops thinking and answers with what it has (no effect once the answer started). */
  answerNow(): void {
    this.control?.answerNow?.();
  }

  cancelGeneration(): void {
    this.generating?.abort();
  }
}
