/**
 * The API key: random per install, made on first use, replaced on request. The desktop app keeps it
 * with the OS keychain (the secret store); plain Node (web mode, `npm run serve`) keeps it in a file
 * in the data folder that only the user can read (mode 0600).
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { SecretStore } from "../secrets/secret-store.js";

export interface KeyStore {
  /** "keychain", or the key file's path. */
  readonly location: string;
  read(): Promise<string | null>;
  write(key: string): Promise<void>;
}

/** 32 random bytes; the `sk-` prefix because some tools insist on it. */
export function newApiKey(): string {
  return `sk-inkstone-${randomBytes(32).toString("base64url")}`;
}

const KEY_PATTERN = /^sk-inkstone-[A-Za-z0-9_-]{43}$/;

export class SecretKeyStore implements KeyStore {
  readonly location = "keychain";
  constructor(
    private readonly secrets: SecretStore,
    private readonly name = "local-api-key",
  ) {}
  async read(): Promise<string | null> {
    const key = await this.secrets.get(this.name);
    return key && KEY_PATTERN.test(key) ? key : null;
  }
  async write(key: string): Promise<void> {
    await this.secrets.set(this.name, key);
  }
}

export class FileKeyStore implements KeyStore {
  constructor(readonly location: string) {}

  async read(): Promise<string | null> {
    let text: string;
    try {
      text = await readFile(this.location, "utf8");
    } catch {
      return null;
    }
    const key = text.trim();
    if (!KEY_PATTERN.test(key)) return null;
    // a copy or an unzip may have widened it: only the user may read the key
    if (process.platform !== "win32" && ((await stat(this.location)).mode & 0o077) !== 0)
      await chmod(this.location, 0o600);
    return key;
  }

  async write(key: string): Promise<void> {
    await mkdir(path.dirname(this.location), { recursive: true });
    const temp = `${this.location}.${randomBytes(4).toString("hex")}.tmp`;
    const handle = await open(temp, "w", 0o600);
    try {
      await handle.writeFile(`${key}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await chmod(temp, 0o600); // the umask cannot widen it, but make it explicit
      await rename(temp, this.location);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}

/** The stored key, or a new one (stored) when there is none yet. */
export async function loadOrCreateKey(store: KeyStore): Promise<string> {
  const existing = await store.read();
  if (existing) return existing;
  const key = newApiKey();
  await store.write(key);
  return key;
}
