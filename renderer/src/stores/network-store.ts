import { create } from "zustand";
import { getClient } from "../client/instance";

interface NetworkEntry {
  at: number;
  host: string;
  allowed: boolean;
  reason: string;
}

interface NetworkState {
  activeHosts: string[];
  log: NetworkEntry[];
  init(): Promise<void>;
  refreshLog(): Promise<void>;
}

let subscribed = false;

export const useNetworkStore = create<NetworkState>((set) => ({
  activeHosts: [],
  log: [],
  async init() {
    if (!subscribed) {
      subscribed = true;
      getClient().on("network.status", (status) => set({ activeHosts: status.activeHosts }));
    }
    const status = await getClient().call("network.status", {});
    set({ activeHosts: status.activeHosts });
  },
  async refreshLog() {
    const { entries } = await getClient().call("network.log", {});
    set({ log: entries });
  },
}));
