/** Settings → Engines: the remote engines the user added, Test connection, and wording their faults. */
import { create } from "zustand";
import type { ProbeResult, RemoteEngine, RemoteEngineInput } from "../../../electron/shared/remote-engine-schemas";
import { type RemoteFaultCode, remoteFaultCodes } from "../../../electron/shared/remote-faults";
import { ClientError } from "../client/client";
import { getClient } from "../client/instance";
import { i18n } from "../i18n/i18n";
import { wordedParams } from "../i18n/remote-words";

/** An error in the user's language: a remote engine's fault by its code and parameters, else its message. */
export function describeError(error: unknown): string {
  const details =
    error instanceof ClientError ? (error.details as { reason?: unknown; params?: object } | undefined) : undefined;
  const reason = details?.reason;
  if (typeof reason === "string" && (remoteFaultCodes as readonly string[]).includes(reason))
    return i18n.t(`remoteFaults.${reason as RemoteFaultCode}`, {
      ...wordedParams(i18n.t, details?.params as Record<string, string | number> | undefined),
      interpolation: { escapeValue: false },
    });
  return (error as Error).message;
}

export type TestState = { kind: "testing" } | { kind: "ok"; result: ProbeResult } | { kind: "failed"; message: string };

interface EnginesState {
  engines: RemoteEngine[];
  keychainAvailable: boolean;
  error: string | null;
  /** Test connection's last result, by engine id ("draft" for the form). */
  tests: Record<string, TestState>;
  load(): Promise<void>;
  save(input: RemoteEngineInput): Promise<RemoteEngine | null>;
  remove(id: string): Promise<void>;
  test(
    key: string,
    input: { id?: string; url: string; model: string; apiKey?: string; responseTimeoutS?: number },
  ): Promise<void>;
}

export const useEnginesStore = create<EnginesState>((set, get) => ({
  engines: [],
  keychainAvailable: false,
  error: null,
  tests: {},
  async load() {
    try {
      set({ ...(await getClient().call("engines.list", {})), error: null });
    } catch (error) {
      set({ error: describeError(error) });
    }
  },
  async save(input) {
    try {
      const saved = await getClient().call("engines.save", input);
      await get().load();
      return saved;
    } catch (error) {
      set({ error: describeError(error) });
      return null;
    }
  },
  async remove(id) {
    await getClient().call("engines.remove", { id });
    await get().load();
  },
  async test(key, input) {
    set({ tests: { ...get().tests, [key]: { kind: "testing" } } });
    let state: TestState;
    try {
      state = { kind: "ok", result: await getClient().call("engines.test", input) };
    } catch (error) {
      state = { kind: "failed", message: describeError(error) };
    }
    set({ tests: { ...get().tests, [key]: state } });
  },
}));
