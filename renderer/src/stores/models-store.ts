import { create } from "zustand";
import type { ModelView, SourceId } from "../../../electron/shared/model-schemas";
import type { StreamHandle } from "../client/client";
import { getClient } from "../client/instance";

interface Task {
  kind: "download" | "verify" | "import";
  bytes: number;
  total: number;
  handle: StreamHandle<unknown>;
}

interface ModelsState {
  dir: string;
  models: ModelView[];
  contextSize: number;
  source: SourceId;
  tasks: Record<string, Task>;
  messages: Record<string, string>;
  error: string | null;
  refresh(): Promise<void>;
  setContextSize(size: number): void;
  setSource(source: SourceId): void;
  download(model: ModelView): void;
  pause(model: ModelView): Promise<void>;
  cancel(model: ModelView): Promise<void>;
  remove(model: ModelView): Promise<void>;
  verify(model: ModelView): void;
  importFile(path: string): void;
}

let subscribed = false;

export const useModelsStore = create<ModelsState>((set, get) => {
  const track = (
    key: string,
    kind: Task["kind"],
    handle: StreamHandle<unknown>,
    done: (result: unknown) => string | null,
  ) => {
    set({
      tasks: { ...get().tasks, [key]: { kind, bytes: 0, total: 0, handle } },
      messages: { ...get().messages, [key]: "" },
    });
    handle.result
      .then((result) => set({ messages: { ...get().messages, [key]: done(result) ?? "" } }))
      .catch((error: Error) => set({ messages: { ...get().messages, [key]: error.message } }))
      .finally(() => {
        const { [key]: _gone, ...rest } = get().tasks;
        set({ tasks: rest });
        void get().refresh();
      });
  };
  const onProgress =
    (key: string) => (events: { bytes?: number; total?: number; progress?: { bytes: number; total: number } }[]) => {
      const last = events.at(-1);
      const task = get().tasks[key];
      if (!last || !task) return;
      const bytes = last.progress?.bytes ?? last.bytes ?? 0;
      const total = last.progress?.total ?? last.total ?? 0;
      set({ tasks: { ...get().tasks, [key]: { ...task, bytes, total } } });
    };
  return {
    dir: "",
    models: [],
    contextSize: 8192,
    source: "hf",
    tasks: {},
    messages: {},
    error: null,
    async refresh() {
      if (!subscribed) {
        subscribed = true;
        getClient().on("models.changed", () => void get().refresh());
      }
      try {
        const { dir, models } = await getClient().call("models.list", { contextSize: get().contextSize });
        set({ dir, models, error: null });
      } catch (error) {
        set({ error: (error as Error).message });
      }
    },
    setContextSize(contextSize) {
      set({ contextSize });
      void get().refresh();
    },
    setSource(source) {
      set({ source });
    },
    download(model) {
      const handle = getClient().stream(
        "models.download",
        { id: model.id, source: get().source },
        onProgress(model.file) as never,
      );
      track(model.file, "download", handle, () => null);
    },
    async pause(model) {
      await getClient().call("models.pause", { file: model.file });
    },
    async cancel(model) {
      await getClient().call("models.cancel", { file: model.file });
      await get().refresh();
    },
    async remove(model) {
      await getClient().call("models.delete", { file: model.file });
      await get().refresh();
    },
    verify(model) {
      const handle = getClient().stream("models.verify", { file: model.file }, onProgress(model.file) as never);
      track(model.file, "verify", handle, (result) => {
        const r = result as { ok: boolean; sha256: string };
        return r.ok ? `SHA-256 ${r.sha256.slice(0, 16)}… ✓` : null;
      });
    },
    importFile(path) {
      const handle = getClient().stream("models.import", { path }, onProgress("import") as never);
      track("import", "import", handle, (result) => `✓ ${(result as { file: string }).file}`);
    },
  };
});
