import { create } from "zustand";
import type { Conversation, SearchHit, Thread } from "../../../electron/shared/history-schemas";
import { getClient } from "../client/instance";
import { uploadFile } from "../client/upload";
import { saveFile } from "../save-file";

interface ConversationsState {
  conversations: Conversation[];
  notice: string | null;
  query: string;
  hits: SearchHit[];
  lastDeleted: Conversation | null;
  error: string | null;
  refresh(): Promise<void>;
  search(query: string): Promise<void>;
  rename(id: string, title: string): Promise<void>;
  setPinned(id: string, pinned: boolean): Promise<void>;
  remove(id: string): Promise<void>;
  undoDelete(): Promise<void>;
  exportAll(format: "json" | "markdown"): Promise<{ filename: string; content: string } | null>;
  /** The conversation being printed (the print view shows it while the print dialog is open). */
  printing: Thread | null;
  /** Saves one conversation as a Markdown or JSON file. */
  exportOne(id: string, format: "json" | "markdown"): Promise<void>;
  print(id: string): Promise<void>;
  donePrinting(): void;
  /** The desktop app: the print view saved as a PDF through the OS save dialog, then closed. */
  savePdf(): Promise<void>;
  /** Imports an export file (sent in chunks); resolves with how many conversations came in. */
  importFile(file: Blob): Promise<number>;
}

let searchSeq = 0;

export const useConversationsStore = create<ConversationsState>((set, get) => ({
  conversations: [],
  notice: null,
  query: "",
  hits: [],
  lastDeleted: null,
  error: null,
  printing: null,
  async refresh() {
    try {
      const { conversations, notice } = await getClient().call("history.list", { limit: 200 });
      set({ conversations, notice });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  async search(query) {
    const seq = ++searchSeq;
    set({ query });
    if (!query.trim()) {
      set({ hits: [] });
      return;
    }
    const { hits } = await getClient().call("history.search", { query, limit: 50 });
    if (seq === searchSeq) set({ hits });
  },
  async rename(id, title) {
    await getClient().call("history.rename", { conversationId: id, title });
    await get().refresh();
  },
  async setPinned(id, pinned) {
    await getClient().call("history.pin", { conversationId: id, pinned });
    await get().refresh();
  },
  async remove(id) {
    const conversation = get().conversations.find((c) => c.id === id) ?? null;
    await getClient().call("history.delete", { conversationId: id });
    set({ lastDeleted: conversation });
    await get().refresh();
  },
  async undoDelete() {
    const deleted = get().lastDeleted;
    if (!deleted) return;
    await getClient().call("history.restore", { conversationId: deleted.id });
    set({ lastDeleted: null });
    await get().refresh();
  },
  async exportAll(format) {
    try {
      return await getClient().call("history.export", { conversationIds: null, format });
    } catch (error) {
      set({ error: (error as Error).message });
      return null;
    }
  },
  async importFile(file) {
    try {
      const uploadId = await uploadFile(getClient(), "history", file);
      if (uploadId === null) return 0;
      const { conversationIds } = await getClient().call("history.import", { uploadId });
      await get().refresh();
      set({ error: null });
      return conversationIds.length;
    } catch (error) {
      set({ error: (error as Error).message });
      return 0;
    }
  },
  async exportOne(id, format) {
    try {
      const file = await getClient().call("history.export", { conversationIds: [id], format });
      saveFile(file.filename, file.content, format === "json" ? "application/json" : "text/markdown");
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  async print(id) {
    try {
      set({ printing: await getClient().call("history.thread", { conversationId: id }) });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  donePrinting() {
    set({ printing: null });
  },
  async savePdf() {
    const title = get().printing?.conversation.title || "Inkstone";
    const filename = `${
      title
        .replace(/[\\/:*?"<>|]+/g, " ")
        .trim()
        .slice(0, 80) || "Inkstone"
    }.pdf`;
    try {
      await getClient().call("app.savePdf", { filename });
    } catch (error) {
      set({ error: (error as Error).message });
    } finally {
      set({ printing: null });
    }
  },
}));
