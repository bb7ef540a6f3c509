/** The chat.* channels' handlers. */
import type { ServiceDeps } from "../app-types.js";
import type { DomainHandlers } from "./domain.js";

export function chatHandlers({ chat, store, engine }: ServiceDeps): DomainHandlers<"chat"> {
  return {
    "chat.send": async (request, { emit, signal }) => chat.send(request, emit, signal),
    "chat.regenerate": async (request, { emit, signal }) => chat.regenerate(request, emit, signal),
    "chat.answerNow": async ({ messageId }) => ({ accepted: chat.answerNow(messageId) }),
    // only a conversation the local model answers has a context in the engine to keep
    "chat.leave": async ({ conversationId }) => ({
      kept: store.getConversation(conversationId)?.engine === null ? await engine.keepState() : false,
    }),
    "chat.continue": async (request, { emit, signal }) => chat.continueAnswer(request, emit, signal),
  };
}
