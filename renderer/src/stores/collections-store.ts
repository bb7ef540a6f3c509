/**
 * Collections in the renderer: the list with each one's indexing progress (from the
 * `collections.progress` notification), the files of the one shown, the collection attached to the
 * next question with the files pinned or excluded for it, and opening a cited passage.
 */
import { create } from "zustand";
import type {
  CollectionFile,
  CollectionProgress,
  CollectionRequest,
  CollectionSummary,
  CollectionUsage,
} from "../../../electron/shared/collection-schemas";
import { getClient } from "../client/instance";
import { useAttachmentsStore } from "./attachments-store";

interface CollectionsState {
  collections: CollectionSummary[];
  /** The collection whose files are shown, and its files. */
  shownId: string | null;
  files: CollectionFile[];
  /** The file being read now, per collection (OCR page n of m). */
  current: Record<string, CollectionProgress["file"]>;
  error: string | null;
  /** Attached to the next questions of the chat. */
  attachedId: string | null;
  pin: number[];
  exclude: number[];
  init(): Promise<void>;
  refresh(): Promise<void>;
  create(name: string, paths: string): Promise<boolean>;
  show(id: string | null): Promise<void>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  cancel(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  attach(id: string | null): void;
  togglePin(fileId: number): void;
  toggleExclude(fileId: number): void;
  /** The request for the question being sent; pins and exclusions are for that question only. */
  take(): CollectionRequest[];
  openCitation(refs: { id: string; collection?: CollectionUsage }[], page: number, file?: string): Promise<void>;
}

/** Progress is subscribed to once, for the app's lifetime. */
let subscribed = false;
let filesTimer: ReturnType<typeof setTimeout> | null = null;

const sameFile = (cited: string, name: string) =>
  cited === name || cited.split("/").pop()?.toLowerCase() === name.split("/").pop()?.toLowerCase();

export const useCollectionsStore = create<CollectionsState>()((set, get) => {
  const guarded = async (run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      set({ error: (error as Error).message });
    }
  };
  const loadFiles = async () => {
    const id = get().shownId;
    if (!id) return;
    const { files } = await getClient().call("collections.files", { id });
    if (get().shownId === id) set({ files });
  };
  return {
    collections: [],
    shownId: null,
    files: [],
    current: {},
    error: null,
    attachedId: null,
    pin: [],
    exclude: [],
    async init() {
      if (!subscribed) subscribed = true;
      else return get().refresh();
      getClient().on("collections.progress", (progress) => {
        set({
          collections: get().collections.map((c) =>
            c.id === progress.collectionId
              ? { ...c, status: progress.status, done: progress.done, total: progress.total }
              : c,
          ),
          current: { ...get().current, [progress.collectionId]: progress.status === "idle" ? null : progress.file },
        });
        // counts and the file list follow at most twice a second
        if (filesTimer) return;
        filesTimer = setTimeout(() => {
          filesTimer = null;
          void get()
            .refresh()
            .catch(() => {});
        }, 500);
      });
      await guarded(() => get().refresh());
    },
    async refresh() {
      const { collections } = await getClient().call("collections.list", {});
      set({ collections });
      await loadFiles();
    },
    async create(name, paths) {
      const lines = paths
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean);
      // one line that is not a file of a known kind is a folder; otherwise the lines are chosen files
      const isFolder = lines.length === 1 && !/\.[a-z0-9]{2,8}$/i.test(lines[0]!);
      try {
        const created = await getClient().call(
          "collections.create",
          isFolder ? { name, dir: lines[0]! } : { name, files: lines },
        );
        set({ error: null, collections: [...get().collections.filter((c) => c.id !== created.id), created] });
        await get().show(created.id);
        return true;
      } catch (error) {
        set({ error: (error as Error).message });
        return false;
      }
    },
    async show(id) {
      set({ shownId: id, files: [] });
      if (!id) return;
      // opening looks for added, changed and removed files
      await guarded(async () => {
        const summary = await getClient().call("collections.open", { id });
        set({ collections: get().collections.map((c) => (c.id === id ? summary : c)) });
        await loadFiles();
      });
    },
    pause: (id) => guarded(async () => void (await getClient().call("collections.pause", { id }))),
    resume: (id) => guarded(async () => void (await getClient().call("collections.resume", { id }))),
    cancel: (id) =>
      guarded(() =>
        getClient()
          .call("collections.cancel", { id })
          .then(() => get().refresh()),
      ),
    remove: (id) =>
      guarded(async () => {
        await getClient().call("collections.delete", { id });
        if (get().attachedId === id) set({ attachedId: null });
        if (get().shownId === id) set({ shownId: null, files: [] });
        await get().refresh();
      }),
    attach(id) {
      set({ attachedId: id, pin: [], exclude: [] });
      if (id) void guarded(async () => void (await getClient().call("collections.open", { id })));
    },
    togglePin(fileId) {
      const pin = get().pin;
      set({
        pin: pin.includes(fileId) ? pin.filter((f) => f !== fileId) : [...pin, fileId],
        exclude: get().exclude.filter((f) => f !== fileId),
      });
    },
    toggleExclude(fileId) {
      const exclude = get().exclude;
      set({
        exclude: exclude.includes(fileId) ? exclude.filter((f) => f !== fileId) : [...exclude, fileId],
        pin: get().pin.filter((f) => f !== fileId),
      });
    },
    take() {
      const { attachedId, pin, exclude } = get();
      set({ pin: [], exclude: [] });
      return attachedId ? [{ id: attachedId, pin, exclude }] : [];
    },
    async openCitation(refs, page, file) {
      const source = (value: { name: string; page: number; text: string } | null, error: string | null) =>
        useAttachmentsStore.setState({ source: value, sourceError: error });
      const used = refs.flatMap((r) => (r.collection?.passages ?? []).map((p) => ({ ...p, collectionId: r.id })));
      const match =
        used.find((p) => p.page === page && (!file || sameFile(file, p.file))) ??
        (file ? null : used.find((p) => p.page === page));
      try {
        if (match) {
          source(await getClient().call("collections.passage", { id: match.collectionId, passageId: match.id }), null);
          return;
        }
        // a page the answer cites that was not among the passages sent: that page of the file, if it has one
        const named = used.find((p) => file && sameFile(file, p.file));
        const id = named?.collectionId ?? refs[0]?.id;
        if (!id || !file) throw new Error(`No passage of page ${page} went with this question.`);
        source(await getClient().call("collections.passage", { id, file: named?.file ?? file, page }), null);
      } catch (error) {
        source(null, (error as Error).message);
      }
    },
  };
});
