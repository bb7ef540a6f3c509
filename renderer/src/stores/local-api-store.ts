import { create } from "zustand";
import type { ApiLogEntry, LocalApiSettings, LocalApiStatus } from "../../../electron/shared/local-api-schemas";
import { getClient } from "../client/instance";

interface LocalApiState {
  status: LocalApiStatus | null;
  log: ApiLogEntry[];
  /** The last failed change, in the server's words. */
  error: string | null;
  busy: boolean;
  load(): Promise<void>;
  update(patch: Partial<LocalApiSettings>): Promise<void>;
  regenerateKey(): Promise<void>;
  refreshLog(): Promise<void>;
}

let subscribed = false;

export const useLocalApiStore = create<LocalApiState>((set) => {
  const run = async (action: () => Promise<LocalApiStatus>) => {
    set({ busy: true, error: null });
    try {
      set({ status: await action() });
    } catch (error) {
      set({ error: (error as Error).message });
    } finally {
      set({ busy: false });
    }
  };
  return {
    status: null,
    log: [],
    error: null,
    busy: false,
    async load() {
      if (!subscribed) {
        subscribed = true;
        getClient().on("localApi.status", (status) => set({ status }));
      }
      await run(() => getClient().call("localApi.status", {}));
    },
    update: (patch) => run(() => getClient().call("localApi.update", patch)),
    regenerateKey: () => run(() => getClient().call("localApi.regenerateKey", {})),
    async refreshLog() {
      const { entries } = await getClient().call("localApi.log", {});
      set({ log: entries });
    },
  };
});
