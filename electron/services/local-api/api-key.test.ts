import { chmod, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EncryptedSecretStore } from "../secrets/secret-store.js";
import { FileKeyStore, loadOrCreateKey, newApiKey, SecretKeyStore } from "./api-key.js";

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "inkstone-key-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("the local API's key", () => {
  it("is random per install and kept: the same key on the next start", async () => {
    expect(newApiKey()).not.toBe(newApiKey());
    const store = new FileKeyStore(path.join(tmp, "a", "local-api-key"));
    const key = await loadOrCreateKey(store);
    expect(await loadOrCreateKey(new FileKeyStore(store.location))).toBe(key);
  });

  it("in a file readable only by the user, re-tightened when a copy widened it", async () => {
    const store = new FileKeyStore(path.join(tmp, "b", "local-api-key"));
    const key = await loadOrCreateKey(store);
    expect((await stat(store.location)).mode & 0o777).toBe(0o600);
    await chmod(store.location, 0o644);
    expect(await store.read()).toBe(key);
    expect((await stat(store.location)).mode & 0o777).toBe(0o600);
  });

  it("with the OS keychain in the desktop app: never in plain text on disk", async () => {
    const file = path.join(tmp, "secrets.json");
    const keychain = new EncryptedSecretStore(file, {
      encrypt: (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
      decrypt: (cipher) => Buffer.from([...cipher].map((b) => b ^ 0x5a)).toString(),
    });
    const store = new SecretKeyStore(keychain);
    expect(store.location).toBe("keychain");
    const key = await loadOrCreateKey(store);
    expect(await readFile(file, "utf8")).not.toContain(key.slice(12));
    expect(await loadOrCreateKey(new SecretKeyStore(keychain))).toBe(key);
  });
});
