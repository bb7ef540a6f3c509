/**
 * The open conversation: its shown branch, and the answer streaming into it. Streamed text is kept
 * apart from the stored thread, so each batch re-renders only the message being written.
 */
import { create } from "zustand";
import type { ChatEvent } from "../../../electron/shared/chat-schemas";
import type { AttemptProgress } from "../../../electron/shared/engine-schemas";
import type { ConversationSettings, Message, ThreadMessage } from "../../../electron/shared/history-schemas";
import type { EngineChoice } from "../../../electron/shared/remote-engine-schemas";
import type { StreamHandle } from "../client/client";
import { getClient } from "../client/instance";
import { i18n, type Language } from "../i18n/i18n";
import { useAttachmentsStore } from "./attachments-store";
import { useCollectionsStore } from "./collections-store";
import { useConversationsStore } from "./conversations-store";
import { describeError } from "./engines-store";

export interface LiveAnswer {
  handle: StreamHandle<unknown>;
  pendingQuestion: string | null;
  parentId: string | null | undefined;
  userMessage: Message | null;
  assistantId: string | null;
  reasoning: string;
  answer: string;
  reasoningTokens: number;
  answerTokens: number;
  queuePosition: number | null;
  startedAt: number;
  answerStartedAt: number | null;
  /** Notices as they came (code, English message, parameters): the view words them in the UI's language. */
  notices: Omit<Extract<ChatEvent, { kind: "notice" }>, "kind">[];
  /** "Check with N attempts": how far each attempt has come (null for one answer). */
  attempts: AttemptProgress[] | null;
}

interface ChatState {
  conversationId: string | null;
  messages: ThreadMessage[];
  settings: ConversationSettings;
  /** The engine that answers this conversation (null: this computer's model); for a new chat, the one it will use. */
  engine: EngineChoice;
  live: LiveAnswer | null;
  error: string | null;
  announcement: string;
  /** A message to bring into view (a search hit). */
  focusMessageId: string | null;
  open(conversationId: string, focusMessageId?: string | null): Promise<void>;
  newChat(): void;
  send(text: string): void;
  edit(messageId: string, text: string): void;
  regenerate(userMessageId: string): void;
  stop(): void;
  /** The answer being written stops thinking and answers now. */
  answerNow(): void;
  /** An answer that stopped while thinking (a loop) answers now, in the same message. */
  continueAnswer(messageId: string): void;
  selectBranch(messageId: string): Promise<void>;
  updateSettings(settings: ConversationSettings): Promise<void>;
  chooseEngine(engine: EngineChoice): Promise<void>;
}

function applyEvents(live: LiveAnswer, events: ChatEvent[]): LiveAnswer {
  const next = { ...live };
  for (const event of events) {
    switch (event.kind) {
      case "created":
        next.assistantId = event.assistantMessage.id;
        next.userMessage = event.userMessage;
        break;
      case "reasoning":
        next.reasoning += event.text;
        next.reasoningTokens += event.tokens ?? 0;
        next.queuePosition = null;
        break;
      case "answer":
        next.answer += event.text;
        next.answerTokens += event.tokens ?? 0;
        next.answerStartedAt ??= Date.now();
        next.queuePosition = null;
        break;
      case "queued":
        next.queuePosition = event.position;
        break;
      case "started":
        next.queuePosition = null;
        next.startedAt = Date.now();
        break;
      case "notice":
        next.notices = [...next.notices, { code: event.code, message: event.message, params: event.params }];
        break;
      case "attempts":
        next.attempts = event.attempts;
        next.queuePosition = null;
        break;
    }
  }
  return next;
}

/** The app's language, for the answer's language when a question does not show one. */
const uiLanguage = () => (i18n.language === "zh-CN" ? "zh-CN" : "en") satisfies Language;

export const useChatStore = create<ChatState>((set, get) => {
  const fetchThread = (conversationId: string) => getClient().call("history.thread", { conversationId });
  const reload = async (conversationId: string) => {
    const thread = await fetchThread(conversationId);
    if (get().conversationId === conversationId) {
      set({ messages: thread.messages, settings: thread.conversation.settings, engine: thread.conversation.engine });
    }
  };

  // the engine saves the context of the conversation left while the user types the next question (a hint)
  const leave = (conversationId: string | null) => {
    if (!conversationId) return;
    (async () => getClient().call("chat.leave", { conversationId }))().catch(() => {});
  };

  const run = (
    start: (onEvents: (events: ChatEvent[]) => void) => StreamHandle<{ conversationId: string }>,
    pendingQuestion: string | null,
    parentId: string | null | undefined,
    /** The stored reasoning an answer continues from (answer now after a loop). */
    from?: { reasoning: string; reasoningTokens: number },
  ) => {
    if (get().live) return;
    let conversationId = get().conversationId;
    const handle = start((events) => {
      const live = get().live;
      if (!live || live.handle !== handle) return;
      const created = events.find((e) => e.kind === "created");
      if (created && created.kind === "created" && conversationId === null) {
        conversationId = created.conversationId;
        set({ conversationId });
      }
      set({ live: applyEvents(live, events) });
    });
    set({
      error: null,
      announcement: "start",
      live: {
        handle,
        pendingQuestion,
        parentId,
        userMessage: null,
        assistantId: null,
        reasoning: from?.reasoning ?? "",
        answer: "",
        reasoningTokens: from?.reasoningTokens ?? 0,
        answerTokens: 0,
        queuePosition: null,
        startedAt: Date.now(),
        answerStartedAt: null,
        notices: [],
        attempts: null,
      },
    });
    handle.result
      .then((result) => {
        conversationId = result.conversationId;
      })
      .catch((error: Error) => set({ error: describeError(error) }))
      .finally(async () => {
        // The stored thread replaces the live answer in one update, so the answer is never absent
        // (nor redrawn from nothing) between the stream's end and the reload.
        let thread: Awaited<ReturnType<typeof fetchThread>> | null = null;
        if (conversationId && get().conversationId === conversationId) {
          thread = await fetchThread(conversationId).catch(() => null);
        }
        const finished = get().live?.handle === handle ? { live: null, announcement: "end" } : {};
        if (thread && get().conversationId === conversationId) {
          set({ ...finished, messages: thread.messages, settings: thread.conversation.settings });
        } else set(finished);
        void useConversationsStore.getState().refresh();
      });
  };

  return {
    conversationId: null,
    messages: [],
    settings: {},
    engine: null,
    live: null,
    error: null,
    announcement: "",
    focusMessageId: null,
    async open(conversationId, focusMessageId = null) {
      get().live?.handle.cancel();
      if (conversationId !== get().conversationId) {
        useAttachmentsStore.getState().clear();
        leave(get().conversationId);
      }
      set({ conversationId, messages: [], live: null, error: null, focusMessageId });
      try {
        await reload(conversationId);
      } catch (error) {
        set({ error: (error as Error).message });
      }
    },
    newChat() {
      get().live?.handle.cancel();
      useAttachmentsStore.getState().clear();
      leave(get().conversationId);
      set({ conversationId: null, messages: [], settings: {}, live: null, error: null, focusMessageId: null });
    },
    send(text) {
      const { conversationId, settings, engine } = get();
      // a file still being read waits for its question: the composer says so and does not send
      if (useAttachmentsStore.getState().job) return;
      const attachmentIds = useAttachmentsStore.getState().take();
      const collections = useCollectionsStore.getState().take();
      run(
        (onEvents) =>
          getClient().stream(
            "chat.send",
            conversationId
              ? { conversationId, text, attachmentIds, collections, uiLanguage: uiLanguage() }
              : { text, settings, attachmentIds, collections, uiLanguage: uiLanguage(), engine },
            onEvents,
          ),
        text,
        undefined,
      );
    },
    edit(messageId, text) {
      const { conversationId, messages } = get();
      const original = messages.find((m) => m.id === messageId);
      if (!conversationId || !original) return;
      const index = messages.indexOf(original);
      set({ messages: messages.slice(0, index) });
      // the edited question keeps the documents the original had
      const attachmentIds = original.attachments.filter((a) => a.kind !== "collection").map((a) => a.id);
      const collections = original.attachments.filter((a) => a.kind === "collection").map((a) => ({ id: a.id }));
      run(
        (onEvents) =>
          getClient().stream(
            "chat.send",
            { conversationId, text, parentId: original.parentId, attachmentIds, collections, uiLanguage: uiLanguage() },
            onEvents,
          ),
        text,
        original.parentId,
      );
    },
    regenerate(userMessageId) {
      const { conversationId, messages } = get();
      if (!conversationId) return;
      const index = messages.findIndex((m) => m.id === userMessageId);
      set({ messages: messages.slice(0, index + 1) });
      run(
        (onEvents) =>
          getClient().stream("chat.regenerate", { conversationId, userMessageId, uiLanguage: uiLanguage() }, onEvents),
        null,
        userMessageId,
      );
    },
    stop() {
      get().live?.handle.cancel();
    },
    answerNow() {
      const id = get().live?.assistantId;
      if (id) void getClient().call("chat.answerNow", { messageId: id });
    },
    continueAnswer(messageId) {
      const { conversationId, messages } = get();
      const message = messages.find((m) => m.id === messageId);
      if (!conversationId || !message) return;
      set({ messages: messages.filter((m) => m.id !== messageId) });
      run(
        (onEvents) =>
          getClient().stream("chat.continue", { conversationId, messageId, uiLanguage: uiLanguage() }, onEvents),
        null,
        message.parentId,
        { reasoning: message.reasoning, reasoningTokens: message.metrics?.reasoningTokens ?? 0 },
      );
    },
    async selectBranch(messageId) {
      const { conversationId } = get();
      if (!conversationId || get().live) return;
      const thread = await getClient().call("history.selectBranch", { conversationId, messageId });
      set({ messages: thread.messages });
    },
    async updateSettings(settings) {
      set({ settings });
      const { conversationId } = get();
      if (conversationId) await getClient().call("history.updateSettings", { conversationId, settings });
    },
    async chooseEngine(engine) {
      const { conversationId } = get();
      set({ engine });
      if (!conversationId) return;
      try {
        await getClient().call("engines.choose", { conversationId, engine });
        void useConversationsStore.getState().refresh();
      } catch (error) {
        set({ error: describeError(error) });
      }
    },
  };
});
