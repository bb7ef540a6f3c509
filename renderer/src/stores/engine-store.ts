import { create } from "zustand";
import type { EngineStatus } from "../../../electron/shared/engine-schemas";
import type { StreamHandle } from "../client/client";
import { getClient } from "../client/instance";

export interface LocalModel {
  name: string;
  path: string;
  size: number;
}

interface EngineStoreState {
  status: EngineStatus | null;
  models: LocalModel[];
  modelsDir: string;
  loading: { file: string; progress: number; handle: StreamHandle<unknown> } | null;
  error: string | null;
  init(): Promise<void>;
  refreshModels(): Promise<void>;
  load(file: string, contextSize?: number): Promise<void>;
  cancelLoad(): void;
  eject(): Promise<void>;
  restart(): Promise<void>;
}

let subscribed = false;

export const useEngineStore = create<EngineStoreState>((set, get) => ({
  status: null,
  models: [],
  modelsDir: "",
  loading: null,
  error: null,
  async init() {
    if (!subscribed) {
      subscribed = true;
      getClient().on("engine.status", (status) => set({ status }));
    }
    try {
      set({ status: await getClient().call("engine.status", {}) });
    } catch (error) {
      set({ error: (error as Error).message });
    }
    await get().refreshModels();
  },
  async refreshModels() {
    try {
      const { dir, files } = await getClient().call("models.local", {});
      set({ models: files, modelsDir: dir });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  async load(file, contextSize) {
    get().loading?.handle.cancel();
    const handle = getClient().stream("engine.load", { file, contextSize }, (events) => {
      const last = events.at(-1);
      const loading = get().loading;
      if (last && loading && loading.handle === handle) set({ loading: { ...loading, progress: last.progress } });
    });
    set({ loading: { file, progress: 0, handle }, error: null });
    try {
      await handle.result;
      set({ loading: null });
      void getClient()
        .call("settings.update", { lastModel: file })
        .catch(() => {});
    } catch (error) {
      set({ loading: null, error: (error as Error).message });
    }
  },
  cancelLoad() {
    get().loading?.handle.cancel();
  },
  async eject() {
    try {
      set({ status: await getClient().call("engine.eject", {}), error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  async restart() {
    try {
      set({ status: await getClient().call("engine.restart", {}), error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
}));
