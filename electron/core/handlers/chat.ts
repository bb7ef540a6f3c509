/** The chat.* channels' handlers. */
import type { ServiceDeps } from "../app-types.js";
import type { DomainHandlers } from "./domain.js";

export function chatHandlers({ chat }: ServiceDeps): DomainHandlers<"chat"> {
  return {
    "chat.send": async (request, { emit, signal }) => chat.send(request, emit, signal),
    "chat.regenerate": async (request, { emit, signal }) => chat.regenerate(request, emit, signal),
    "chat.answerNow": async ({ messageId }) => ({ accepted: chat.answerNow(messageId) }),
    "chat.continue": async (request, { emit, signal }) => chat.continueAnswer(request, emit, signal),
  };
}
