import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EncryptedSecretStore, type Encryptor, UnavailableSecretStore } from "./secret-store.js";

// stands in for Electron's safeStorage (the OS keychain), which needs the Electron binary
const fakeKeychain: Encryptor = {
  encrypt: (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
  decrypt: (cipher) => Buffer.from([...cipher].map((b) => b ^ 0x5a)).toString(),
};

describe("secret store", () => {
  it("stores keys encrypted, never in plain text, and can forget them", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "inkstone-secrets-"));
    const file = path.join(dir, "secrets.json");
    const store = new EncryptedSecretStore(file, fakeKeychain);
    await store.set("remote", "sk-very-secret");
    expect(readFileSync(file, "utf8")).not.toContain("sk-very-secret");
    expect(await new EncryptedSecretStore(file, fakeKeychain).get("remote")).toBe("sk-very-secret");
    await store.set("remote", null);
    expect(await store.get("remote")).toBeNull();
    await rm(dir, { recursive: true, force: true });
  });

  it("refuses to remember a key where there is no keychain (web mode)", async () => {
    const store = new UnavailableSecretStore();
    expect(store.available).toBe(false);
    await expect(store.set("remote", "sk")).rejects.toThrow(/OS keychain/);
    expect(await store.get("remote")).toBeNull();
  });
});
