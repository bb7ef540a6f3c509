import { describe, expect, it } from "vitest";
import { InkstoneError } from "../../shared/contract-kit.js";
import { type SecretStore, UnavailableSecretStore } from "../secrets/secret-store.js";
import { updateRemoteKey, withRemoteKey } from "./remote-baseline-key.js";

class MemorySecrets implements SecretStore {
  readonly available = true;
  readonly kept = new Map<string, string>();
  async get(name: string) {
    return this.kept.get(name) ?? null;
  }
  async set(name: string, value: string | null) {
    if (value === null) this.kept.delete(name);
    else this.kept.set(name, value);
  }
}

const remote = { name: "baseline", url: "https://example.test/v1", model: "m", apiKey: "" };

describe("the remote baseline's key", () => {
  it("fills a run's empty key from the keychain, and keeps a typed one", async () => {
    const secrets = new MemorySecrets();
    expect(await updateRemoteKey(secrets, "sk-remembered")).toEqual({ keychainAvailable: true, stored: true });
    expect((await withRemoteKey(secrets, remote)).apiKey).toBe("sk-remembered");
    expect((await withRemoteKey(secrets, { ...remote, apiKey: "sk-typed" })).apiKey).toBe("sk-typed");
    expect(await updateRemoteKey(secrets, null)).toEqual({ keychainAvailable: true, stored: false });
  });

  it("refuses a run without a key when none is remembered, as an invalid request the user can act on", async () => {
    const refusal = await withRemoteKey(new MemorySecrets(), remote).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(InkstoneError);
    expect((refusal as InkstoneError).code).toBe("invalid_request");
    expect((refusal as InkstoneError).message).toMatch(/API key/);
  });

  it("says that nothing can be remembered where there is no keychain (web mode)", async () => {
    const refusal = await updateRemoteKey(new UnavailableSecretStore(), "sk").catch((e: unknown) => e);
    expect((refusal as InkstoneError).code).toBe("invalid_request");
    expect(await updateRemoteKey(new UnavailableSecretStore(), undefined)).toEqual({
      keychainAvailable: false,
      stored: false,
    });
  });
});
