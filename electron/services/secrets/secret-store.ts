/**
 * Secrets (the optional remote baseline's API key). The desktop app encrypts them with the OS
 * keychain (Electron safeStorage) before they touch the disk; plain Node (web mode) has no keychain,
 * so there a key is refused for storage and used for one run only. Never written in plain text.
 */
import { readFile } from "node:fs/promises";
import { InkstoneError } from "../../shared/contract-kit.js";
import { writeFileAtomic } from "../fs/atomic-file.js";

export interface Encryptor {
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}

export interface SecretStore {
  readonly available: boolean;
  get(name: string): Promise<string | null>;
  set(name: string, value: string | null): Promise<void>;
}

export class UnavailableSecretStore implements SecretStore {
  readonly available = false;
  async get(_name: string): Promise<string | null> {
    return null;
  }
  async set(_name: string, value: string | null): Promise<void> {
    if (value !== null) {
      throw new InkstoneError("invalid_request", {
        en: "Keys can only be remembered by the desktop app, which encrypts them with the OS keychain. Here the key is used for this run only.",
        zh: "只有桌面版才能记住密钥（用系统钥匙串加密）。在这里，密钥只用于这一次运行。",
      });
    }
  }
}

export class EncryptedSecretStore implements SecretStore {
  readonly available = true;
  constructor(
    private readonly file: string,
    private readonly encryptor: Encryptor,
  ) {}

  private async read(): Promise<Record<string, string>> {
    try {
      return JSON.parse(await readFile(this.file, "utf8")) as Record<string, string>;
    } catch {
      return {};
    }
  }

  async get(name: string): Promise<string | null> {
    const stored = (await this.read())[name];
    if (!stored) return null;
    try {
      return this.encryptor.decrypt(Buffer.from(stored, "base64"));
    } catch {
      return null; // encrypted under another OS account or keychain: unusable, not an error
    }
  }

  async set(name: string, value: string | null): Promise<void> {
    const all = await this.read();
    if (value === null) delete all[name];
    else all[name] = this.encryptor.encrypt(value).toString("base64");
    await writeFileAtomic(this.file, JSON.stringify(all));
  }
}
