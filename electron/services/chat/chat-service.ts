/**
 * Sending, regenerating and editing: each creates the messages in the history store, runs the
 * engine on the branch's history, streams the events, saves the answer as it streams, and records
 * how it ended (complete, stopped or error). Nothing the model wrote is lost on a failure.
 */

import type { ChatEvent } from "../../shared/chat-schemas.js";
import type { CollectionRequest } from "../../shared/collection-schemas.js";
import { InkstoneError } from "../../shared/contract-kit.js";
import { type GenerationEvent, type GenerationResult, generationSettingsSchema } from "../../shared/engine-schemas.js";
import type { AttachmentRef, ConversationSettings, Message } from "../../shared/history-schemas.js";
import { withModeInstruction } from "../../shared/homework-modes.js";
import type { EngineChoice } from "../../shared/remote-engine-schemas.js";
import type { CollectionService } from "../collections/collection-service.js";
import type { AttachmentStore } from "../documents/attachment-store.js";
import type { EngineClient } from "../engine/engine-client.js";
import type { HistoryStore } from "../history/history-store.js";
import { storedFault } from "../remote-engine/remote-fault.js";
import { answerLanguage, withLanguageInstruction } from "./answer-language.js";
import { type AnsweringEngine, localAnswerer, type RemoteAnswerers } from "./answering-engine.js";
import { answerWithAttempts } from "./attempts-answer.js";
import { ChunkSaver } from "./chunk-saver.js";
import { questionWithSources } from "./question-with-sources.js";

export interface ChatTurnResult {
  conversationId: string;
  message: Message;
}

interface AnswerOptions {
  /** The question as the model should see it, when it differs from the stored text (attachments). */
  promptText?: string;
  /** The app's language: the answer's language when the question does not say. */
  uiLanguage?: string | null;
  /** An answer that stopped while thinking (a loop), to answer now from its reasoning. */
  resume?: Message;
}

export class ChatService {
  /** "Answer now" for each answer being generated, by message id. */
  private readonly answerNowByMessage = new Map<string, AbortController>();

  constructor(
    private readonly store: HistoryStore,
    private readonly engine: EngineClient,
    private readonly saveIntervalMs = 1000,
    private readonly attachments?: AttachmentStore,
    private readonly collections?: Pick<CollectionService, "retrieve">,
    /** The remote engines a conversation may choose (none: every conversation uses the local model). */
    private readonly remote?: RemoteAnswerers,
  ) {}

  /** What answers a conversation with this engine choice: the local model, or the chosen server's model. */
  private async answererFor(choice: EngineChoice): Promise<AnsweringEngine> {
    if (!choice) return localAnswerer(this.engine);
    if (!this.remote)
      throw new InkstoneError("not_found", {
        en: "Remote engines are not available here.",
        zh: "这里无法使用远程引擎。",
      });
    return this.remote(choice);
  }

  /** The question with its attached documents' and collections' passages, as the model will see it. */
  private withAttachments(
    engine: AnsweringEngine,
    question: string,
    ids: readonly string[],
    collections: readonly CollectionRequest[] = [],
  ): Promise<{ text: string; used: AttachmentRef[] }> {
    return questionWithSources({
      engine,
      question,
      ids,
      collections,
      store: this.attachments,
      library: this.collections,
    });
  }

  /** Asks a question: a new user message under `parentId` (default: the shown branch's last message). */
  async send(
    input: {
      conversationId?: string;
      text: string;
      parentId?: string | null;
      settings?: ConversationSettings;
      attachmentIds?: string[];
      collections?: CollectionRequest[];
      uiLanguage?: string | null;
      /** For a new conversation: the engine that answers it (null or absent: the local model). */
      engine?: EngineChoice;
    },
    emit: (event: ChatEvent) => void,
    signal: AbortSignal,
  ): Promise<ChatTurnResult> {
    const existing = input.conversationId ? this.store.requireConversation(input.conversationId) : null;
    const parentId = !existing
      ? null
      : input.parentId === undefined
        ? this.lastAssistantOnBranch(existing.id)
        : input.parentId;
    if (existing && parentId) {
      const parent = this.store.getMessage(parentId);
      if (!parent || parent.conversationId !== existing.id || parent.role !== "assistant") {
        throw new InkstoneError("invalid_request", {
          en: "A question must follow an answer in the same conversation.",
          zh: "问题必须接在同一对话中的回答之后。",
        });
      }
    }
    // documents attached earlier on this branch stay with the conversation's later questions
    const ids = [...new Set([...(parentId ? this.attachmentIdsUpTo(parentId) : []), ...(input.attachmentIds ?? [])])];
    // so do collections; pins and exclusions are for this question only
    const asked = new Map((input.collections ?? []).map((c) => [c.id, c]));
    for (const id of parentId ? this.collectionIdsUpTo(parentId) : []) if (!asked.has(id)) asked.set(id, { id });
    const choice = existing ? existing.engine : (input.engine ?? null);
    const answerer = await this.answererFor(choice);
    const prompt = await this.withAttachments(answerer, input.text, ids, [...asked.values()]);
    let conversation = existing;
    if (!conversation) {
      conversation = this.store.createConversation({ settings: input.settings ?? {}, modelVariant: answerer.model() });
      if (choice) this.store.setEngine(conversation.id, choice);
    }
    const user = this.store.addMessage({
      attachments: prompt.used,
      conversationId: conversation.id,
      parentId,
      role: "user",
      content: input.text,
    });
    return this.answer(conversation.id, user, emit, signal, true, {
      promptText: prompt.text,
      uiLanguage: input.uiLanguage,
    });
  }

  /** A new answer to the same question, as a sibling branch of the old one. */
  async regenerate(
    input: { conversationId: string; userMessageId: string; uiLanguage?: string | null },
    emit: (event: ChatEvent) => void,
    signal: AbortSignal,
  ): Promise<ChatTurnResult> {
    this.store.requireConversation(input.conversationId);
    const user = this.store.getMessage(input.userMessageId);
    if (!user || user.conversationId !== input.conversationId || user.role !== "user") {
      throw new InkstoneError("not_found", {
        en: "That question is not in this conversation.",
        zh: "这个问题不在此对话中。",
      });
    }
    const collections = this.collectionIdsUpTo(user.id).map((id) => ({ id }));
    const answerer = await this.answererFor(this.store.requireConversation(input.conversationId).engine);
    const prompt = await this.withAttachments(answerer, user.content, this.attachmentIdsUpTo(user.id), collections);
    return this.answer(input.conversationId, user, emit, signal, false, {
      promptText: prompt.text,
      uiLanguage: input.uiLanguage,
    });
  }

  /** The answer being generated as `messageId` stops thinking and answers now; false if there is none. */
  answerNow(messageId: string): boolean {
    const control = this.answerNowByMessage.get(messageId);
    control?.abort();
    return control !== undefined;
  }

  /** An answer that stopped while thinking (a loop) answers now, from its reasoning, in the same message. */
  async continueAnswer(
    input: { conversationId: string; messageId: string; uiLanguage?: string | null },
    emit: (event: ChatEvent) => void,
    signal: AbortSignal,
  ): Promise<ChatTurnResult> {
    this.store.requireConversation(input.conversationId);
    const message = this.store.getMessage(input.messageId);
    if (
      !message ||
      message.conversationId !== input.conversationId ||
      message.role !== "assistant" ||
      !message.parentId
    )
      throw new InkstoneError("not_found", {
        en: "That answer is not in this conversation.",
        zh: "这个回答不在此对话中。",
      });
    if (message.status === "streaming" || message.content !== "" || message.reasoning.trim() === "")
      throw new InkstoneError("invalid_request", {
        en: "Only an answer that stopped while thinking can answer now.",
        zh: "只有在思考中停下的回答才能“立即作答”。",
      });
    const user = this.store.getMessage(message.parentId)!;
    const collections = this.collectionIdsUpTo(user.id).map((id) => ({ id }));
    const answerer = await this.answererFor(this.store.requireConversation(input.conversationId).engine);
    const prompt = await this.withAttachments(answerer, user.content, this.attachmentIdsUpTo(user.id), collections);
    return this.answer(input.conversationId, user, emit, signal, false, {
      promptText: prompt.text,
      uiLanguage: input.uiLanguage,
      resume: message,
    });
  }

  /** The documents attached to the questions on the branch ending at `messageId`, oldest first. */
  private attachmentIdsUpTo(messageId: string): string[] {
    const ids: string[] = [];
    for (let message = this.store.getMessage(messageId); message; ) {
      if (message.role === "user")
        ids.unshift(...message.attachments.filter((a) => a.kind !== "collection").map((a) => a.id));
      message = message.parentId ? this.store.getMessage(message.parentId) : null;
    }
    return [...new Set(ids)];
  }

  /** The collections attached to the questions on the branch ending at `messageId`. */
  private collectionIdsUpTo(messageId: string): string[] {
    const ids: string[] = [];
    for (let message = this.store.getMessage(messageId); message; ) {
      if (message.role === "user")
        ids.unshift(...message.attachments.filter((a) => a.kind === "collection").map((a) => a.id));
      message = message.parentId ? this.store.getMessage(message.parentId) : null;
    }
    return [...new Set(ids)];
  }

  private lastAssistantOnBranch(conversationId: string): string | null {
    const messages = this.store.getThread(conversationId).messages;
    const last = messages.at(-1);
    if (!last) return null;
    if (last.role === "assistant") return last.id;
    throw new InkstoneError("invalid_request", {
      en: "The last question has no answer yet: regenerate it or edit it.",
      zh: "最后一个问题还没有回答：请重新生成或编辑它。",
    });
  }

  private async answer(
    conversationId: string,
    user: Message,
    emit: (event: ChatEvent) => void,
    signal: AbortSignal,
    newQuestion: boolean,
    options: AnswerOptions = {},
  ): Promise<ChatTurnResult> {
    const conversation = this.store.requireConversation(conversationId);
    const answerer = await this.answererFor(conversation.engine);
    const { mode, attempts, ...sampling } = conversation.settings;
    const settings = generationSettingsSchema.parse(sampling);
    const history = this.store.historyUpTo(user.id);
    const question = history[history.length - 1]!;
    const language = answerLanguage(question.text, options.uiLanguage);
    const asked = withModeInstruction(options.promptText ?? question.text, mode);
    history[history.length - 1] = { role: "user", text: withLanguageInstruction(asked, language, mode) };
    const resume = options.resume;
    // several attempts at once: the local engine's parallel sequences, or a server's concurrent requests
    if (mode === "math" && attempts && !resume) {
      const message = await answerWithAttempts({
        ...{ store: this.store, answerer, conversationId, user, newQuestion, history, settings },
        model: answerer.model(),
        count: attempts,
        emit,
        signal,
      });
      return { conversationId, message };
    }
    let content = "";
    let reasoning = resume?.reasoning ?? "";
    let assistantId = "";
    const saver = new ChunkSaver((delta) => this.store.appendToMessage(assistantId, delta), this.saveIntervalMs);
    const handle = (event: GenerationEvent) => {
      if (event.kind === "answer" || event.kind === "reasoning") {
        if (event.kind === "answer") content += event.text;
        else reasoning += event.text;
        saver.add(event.kind, event.text);
      }
      emit(event);
    };
    // Events the engine client gives synchronously (queued, started) wait until "created" is out.
    let early: GenerationEvent[] | null = [];
    // The request goes to the engine first, so the answer placeholder's durable commit below
    // overlaps the engine's prompt processing instead of delaying the first token.
    const run = new AbortController();
    const forward = () => run.abort(signal.reason);
    if (signal.aborted) forward();
    else signal.addEventListener("abort", forward, { once: true });
    const answerNow = new AbortController();
    const generation = answerer.generate(
      history,
      settings,
      (event) => (early ? early.push(event) : handle(event)),
      run.signal,
      { answerNow: answerNow.signal, answerFrom: resume?.reasoning },
    );
    generation.catch(() => {}); // handled below, after the placeholder exists
    let assistant: Message;
    try {
      assistant = resume
        ? this.store.reopenMessage(resume.id)
        : this.store.addMessage({
            conversationId,
            parentId: user.id,
            role: "assistant",
            status: "streaming",
            engine: answerer.engine,
            model: answerer.model(),
          });
    } catch (error) {
      run.abort(); // nowhere to keep the answer (a full disk, say): do not generate one
      throw new InkstoneError("io_error", {
        en: `The answer could not be saved, so it was not generated: ${(error as Error).message}`,
        zh: `回答无法保存，所以没有生成：${(error as Error).message}`,
      });
    }
    assistantId = assistant.id;
    // the question (and the placeholder) go to the disk now, off the main thread; nothing waits for it
    this.store.durable().catch(() => {});
    this.answerNowByMessage.set(assistantId, answerNow);
    emit({ kind: "created", conversationId, userMessage: newQuestion ? user : null, assistantMessage: assistant });
    const buffered = early;
    early = null;
    for (const event of buffered) handle(event);
    let result: GenerationResult;
    try {
      result = await generation;
    } catch (error) {
      saver.stop();
      signal.removeEventListener("abort", forward);
      this.answerNowByMessage.delete(assistantId);
      const cancelled = error instanceof InkstoneError && error.code === "cancelled";
      const message = this.store.finishMessage(assistant.id, {
        content,
        reasoning,
        status: cancelled ? "stopped" : "error",
        error: cancelled ? null : (error as Error).message,
        errorFault: cancelled ? null : storedFault(error),
        finishReason: cancelled ? "stopped" : "error",
        reasoningCut: resume ? "answer_now" : null,
      });
      await this.onDisk(message).catch(() => {}); // the generation's own error is the one to report
      if (cancelled) return { conversationId, message };
      throw error instanceof InkstoneError
        ? error.withDetails({ ...((error.details as object) ?? {}), messageId: message.id })
        : error;
    }
    saver.stop();
    signal.removeEventListener("abort", forward);
    this.answerNowByMessage.delete(assistantId);
    const earlier = resume?.metrics?.reasoningTokens ?? 0;
    const message = this.store.finishMessage(assistant.id, {
      content: result.answer,
      reasoning: (resume?.reasoning ?? "") + result.reasoning,
      status: result.status,
      metrics: { ...result.metrics, reasoningTokens: earlier + result.metrics.reasoningTokens },
      finishReason: result.finishReason,
      reasoningCut: result.reasoningCut ?? null,
    });
    return { conversationId, message: await this.onDisk(message) };
  }

  /**
   * The end of an answer is reported once the answer is on the disk: the durable commit's fsync
   * runs in the history worker, so the main thread does not wait for the disk (docs/history.md).
   */
  private async onDisk(message: Message): Promise<Message> {
    try {
      await this.store.durable();
    } catch (error) {
      throw new InkstoneError(
        "io_error",
        {
          en: `The answer could not be written to the disk: ${(error as Error).message}`,
          zh: `回答无法写入磁盘：${(error as Error).message}`,
        },
        {
          messageId: message.id,
        },
      );
    }
    return message;
  }
}
