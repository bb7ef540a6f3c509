/**
 * The remote baseline's API key: kept only with the OS keychain (never in a file), remembered on request and
 * filled into a run that left it empty.
 */
import { InkstoneError } from "../../shared/contract-kit.js";
import type { SecretStore } from "../secrets/secret-store.js";
import type { RemoteConfig } from "./remote-baseline.js";

const SECRET_NAME = "remote-baseline";

export interface RemoteKeyState {
  keychainAvailable: boolean;
  stored: boolean;
}

/** Remembers (a string), forgets (null) or leaves (undefined) the key, then says what is kept. */
export async function updateRemoteKey(secrets: SecretStore, key: string | null | undefined): Promise<RemoteKeyState> {
  if (key !== undefined) {
    try {
      await secrets.set(SECRET_NAME, key);
    } catch (error) {
      if (error instanceof InkstoneError) throw error;
      throw new InkstoneError("invalid_request", {
        en: (error as Error).message,
        zh: `无法保存 API 密钥：${(error as Error).message}`,
      });
    }
  }
  return { keychainAvailable: secrets.available, stored: (await secrets.get(SECRET_NAME)) !== null };
}

/** A run's remote baseline with its key: the one typed now, else the remembered one, else a clear refusal. */
export async function withRemoteKey<R extends RemoteConfig>(secrets: SecretStore, remote: R): Promise<R> {
  if (remote.apiKey) return remote;
  const stored = await secrets.get(SECRET_NAME);
  if (!stored)
    throw new InkstoneError("invalid_request", {
      en: "Enter the remote endpoint's API key (none is remembered).",
      zh: "请输入远程端点的 API 密钥（没有记住任何密钥）。",
    });
  return { ...remote, apiKey: stored };
}
