import { create } from "zustand";
import type { AppInfo } from "../../../electron/shared/contract/index";
import { getClient } from "../client/instance";

export type Screen = "chat" | "history" | "models" | "documents" | "collections" | "evaluate" | "settings";

interface AppState {
  info: AppInfo | null;
  connection: "connecting" | "connected" | "failed";
  connectionError: string | null;
  screen: Screen;
  load(): Promise<void>;
  go(screen: Screen): void;
}

export const useAppStore = create<AppState>((set) => ({
  info: null,
  connection: "connecting",
  connectionError: null,
  screen: "chat",
  async load() {
    try {
      const info = await getClient().call("app.info", {});
      set({ info, connection: "connected", connectionError: null });
    } catch (error) {
      set({ connection: "failed", connectionError: (error as Error).message });
    }
  },
  go(screen) {
    set({ screen });
  },
}));
