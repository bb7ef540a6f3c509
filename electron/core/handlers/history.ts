/**
 * The history.* channels' handlers. The store throws `not_found` itself for unknown ids; a write replies once it
 * is on the disk (fsynced off the main thread; docs/history.md).
 */
import { exportFile } from "../../services/history/export-import.js";
import { InkstoneError } from "../../shared/contract-kit.js";
import type { ServiceDeps } from "../app-types.js";
import { type DomainHandlers, ok } from "./domain.js";

export function historyHandlers({ store, uploads }: ServiceDeps): DomainHandlers<"history"> {
  const durably = async <T>(write: () => T): Promise<T> => {
    const result = write();
    await store.durable();
    return result;
  };
  return {
    "history.list": async ({ limit, before }) => ({
      conversations: store.listConversations({ limit, before }),
      notice: store.notice,
    }),
    "history.thread": async ({ conversationId }) => store.getThread(conversationId),
    "history.create": async ({ settings }) => durably(() => store.createConversation({ settings })),
    "history.rename": async ({ conversationId, title }) =>
      durably(() => store.renameConversation(conversationId, title)),
    "history.pin": async ({ conversationId, pinned }) => durably(() => store.setPinned(conversationId, pinned)),
    "history.delete": async ({ conversationId }) => {
      store.requireConversation(conversationId);
      await durably(() => store.deleteConversation(conversationId));
      return ok;
    },
    "history.restore": async ({ conversationId }) => durably(() => store.restoreConversation(conversationId)),
    "history.selectBranch": async ({ conversationId, messageId }) =>
      durably(() => store.selectBranch(conversationId, messageId)),
    "history.updateSettings": async ({ conversationId, settings }) =>
      durably(() => store.updateSettings(conversationId, settings)),
    "history.search": async ({ query, limit }) => ({ hits: store.search(query, { limit }) }),
    "history.export": async ({ conversationIds, format }) => exportFile(store, conversationIds, format),
    "history.import": async ({ uploadId }) => {
      try {
        // read, parsed, checked and written in the history worker: a 100k-message file never stops this thread
        return { conversationIds: await uploads.use(uploadId, "history", (file) => store.importFile(file)) };
      } catch (error) {
        if (error instanceof InkstoneError && error.code !== "invalid_request") throw error;
        throw new InkstoneError("invalid_request", {
          en: (error as Error).message,
          zh: `无法导入这个文件：${(error as Error).message}`,
        });
      }
    },
  };
}
