import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

vi.mock("electron", () => import("../test/fake-electron.js").then((m) => m.fakeElectron));
const { fakeElectron } = await import("../test/fake-electron.js");
const { keychainSecretStore } = await import("./keychain.js");

const dir = await mkdtemp(path.join(os.tmpdir(), "inkstone-keychain-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the keychain secret store", () => {
  it("keeps a key only encrypted by the OS keychain, and reads it back", async () => {
    const file = path.join(dir, "secrets.json");
    const store = keychainSecretStore(fakeElectron.safeStorage, file);
    expect(store.available).toBe(true);
    await store.set("baseline", "sk-very-secret");
    expect(await readFile(file, "utf8")).not.toContain("sk-very-secret");
    expect(await keychainSecretStore(fakeElectron.safeStorage, file).get("baseline")).toBe("sk-very-secret");
  });

  it("remembers nothing where the OS has no keychain", async () => {
    fakeElectron.safeStorage.available = false;
    const store = keychainSecretStore(fakeElectron.safeStorage, path.join(dir, "none.json"));
    expect(store.available).toBe(false);
    await expect(store.set("baseline", "sk-x")).rejects.toThrow(/OS keychain/);
    fakeElectron.safeStorage.available = true;
  });
});
