/**
 * Sending, regenerating and editing: each creates the messages in the history store, runs the
 * engine on the branch's history, streams the events, saves the answer as it streams, and records
 * how it ended (complete, stopped or error). Nothing the model wrote is lost on a failure.
 */

import type { ChatEvent } from "../../shared/chat-schemas.js";
import { InkstoneError } from "../../shared/contract-kit.js";
import { type GenerationEvent, type GenerationResult, generationSettingsSchema } from "../../shared/engine-schemas.js";
import type { ConversationSettings, Message } from "../../shared/history-schemas.js";
import { withModeInstruction } from "../../shared/homework-modes.js";
import type { AttachmentStore } from "../documents/attachment-store.js";
import { composePrompt } from "../documents/compose-prompt.js";
import type { EngineClient } from "../engine/engine-client.js";
import type { HistoryStore } from "../history/history-store.js";
import { ChunkSaver } from "./chunk-saver.js";

export interface ChatTurnResult {
  conversationId: string;
  message: Message;
}

export class ChatService {
  constructor(
    private readonly store: HistoryStore,
    private readonly engine: EngineClient,
    private readonly saveIntervalMs = 1000,
    private readonly attachments?: AttachmentStore,
  ) {}

  /**
   * The question as the model will see it: with attached documents, the pages that fit the context
   * (whole documents when they fit) and a request to cite pages.
   */
  private async withAttachments(question: string, ids: readonly string[]) {
    if (ids.length === 0 || !this.attachments) return { text: question, used: [] };
    const store = this.attachments;
    const documents = await Promise.all(
      ids.map((id) =>
        store.get(id).catch(() => {
          throw new InkstoneError("not_found", "An attached document is no longer available; attach it again.");
        }),
      ),
    );
    const contextSize = this.engine.status().model?.contextSize ?? 8192;
    const questionTokens = await this.engine.countTokens(question);
    // room for the documents: 60 % of the context, less the question; the rest is for the answer
    const budget = Math.max(256, Math.floor(contextSize * 0.6) - questionTokens);
    return composePrompt(question, documents, budget, (text) => this.engine.countTokens(text));
  }

  /** Asks a question: a new user message under `parentId` (default: the shown branch's last message). */
  async send(
    input: {
      conversationId?: string;
      text: string;
      parentId?: string | null;
      settings?: ConversationSettings;
      attachmentIds?: string[];
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
        throw new InkstoneError("invalid_request", "A question must follow an answer in the same conversation.");
      }
    }
    // documents attached earlier on this branch stay with the conversation's later questions
    const ids = [...new Set([...(parentId ? this.attachmentIdsUpTo(parentId) : []), ...(input.attachmentIds ?? [])])];
    const prompt = await this.withAttachments(input.text, ids);
    const conversation =
      existing ??
      this.store.createConversation({
        settings: input.settings ?? {},
        modelVariant: this.engine.status().model?.name ?? null,
      });
    const user = this.store.addMessage({
      attachments: prompt.used.map((u) => ({ id: u.id, name: u.name, kind: u.kind, pagesUsed: u.pagesUsed })),
      conversationId: conversation.id,
      parentId,
      role: "user",
      content: input.text,
    });
    return this.answer(conversation.id, user, emit, signal, true, prompt.text);
  }

  /** A new answer to the same question, as a sibling branch of the old one. */
  async regenerate(
    input: { conversationId: string; userMessageId: string },
    emit: (event: ChatEvent) => void,
    signal: AbortSignal,
  ): Promise<ChatTurnResult> {
    this.store.requireConversation(input.conversationId);
    const user = this.store.getMessage(input.userMessageId);
    if (!user || user.conversationId !== input.conversationId || user.role !== "user") {
      throw new InkstoneError("not_found", "That question is not in this conversation.");
    }
    const prompt = await this.withAttachments(user.content, this.attachmentIdsUpTo(user.id));
    return this.answer(input.conversationId, user, emit, signal, false, prompt.text);
  }

  /** The documents attached to the questions on the branch ending at `messageId`, oldest first. */
  private attachmentIdsUpTo(messageId: string): string[] {
    const ids: string[] = [];
    for (let message = this.store.getMessage(messageId); message; ) {
      if (message.role === "user") ids.unshift(...message.attachments.map((a) => a.id));
      message = message.parentId ? this.store.getMessage(message.parentId) : null;
    }
    return [...new Set(ids)];
  }

  private lastAssistantOnBranch(conversationId: string): string | null {
    const messages = this.store.getThread(conversationId).messages;
    const last = messages.at(-1);
    if (!last) return null;
    if (last.role === "assistant") return last.id;
    throw new InkstoneError("invalid_request", "The last question has no answer yet: regenerate it or edit it.");
  }

  private async answer(
    conversationId: string,
    user: Message,
    emit: (event: ChatEvent) => void,
    signal: AbortSignal,
    newQuestion: boolean,
    /** The question as the model should see it, when it differs from the stored text (attachments). */
    promptText?: string,
  ): Promise<ChatTurnResult> {
    const conversation = this.store.requireConversation(conversationId);
    const { mode, ...sampling } = conversation.settings;
    const settings = generationSettingsSchema.parse(sampling);
    const history = this.store.historyUpTo(user.id);
    const question = history[history.length - 1]!;
    history[history.length - 1] = { role: "user", text: withModeInstruction(promptText ?? question.text, mode) };
    let content = "";
    let reasoning = "";
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
    const generation = this.engine.generate(
      history,
      settings,
      (event) => (early ? early.push(event) : handle(event)),
      run.signal,
    );
    generation.catch(() => {}); // handled below, after the placeholder exists
    let assistant: Message;
    try {
      assistant = this.store.addMessage({ conversationId, parentId: user.id, role: "assistant", status: "streaming" });
    } catch (error) {
      run.abort(); // nowhere to keep the answer (a full disk, say): do not generate one
      throw new InkstoneError(
        "io_error",
        `The answer could not be saved, so it was not generated: ${(error as Error).message}`,
      );
    }
    assistantId = assistant.id;
    // the question (and the placeholder) go to the disk now, off the main thread; nothing waits for it
    this.store.durable().catch(() => {});
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
      const cancelled = error instanceof InkstoneError && error.code === "cancelled";
      const message = this.store.finishMessage(assistant.id, {
        content,
        reasoning,
        status: cancelled ? "stopped" : "error",
        error: cancelled ? null : (error as Error).message,
      });
      await this.onDisk(message).catch(() => {}); // the generation's own error is the one to report
      if (cancelled) return { conversationId, message };
      throw error instanceof InkstoneError
        ? new InkstoneError(error.code, error.message, { ...((error.details as object) ?? {}), messageId: message.id })
        : error;
    }
    saver.stop();
    signal.removeEventListener("abort", forward);
    const message = this.store.finishMessage(assistant.id, {
      content: result.answer,
      reasoning: result.reasoning,
      status: result.status,
      metrics: result.metrics,
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
      throw new InkstoneError("io_error", `The answer could not be written to the disk: ${(error as Error).message}`, {
        messageId: message.id,
      });
    }
    return message;
  }
}
