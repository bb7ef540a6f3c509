/** The desktop app's secret store: encrypted with the OS keychain (safeStorage), or none when the OS has no keychain. */
import type { SafeStorage } from "electron";
import { EncryptedSecretStore, type SecretStore, UnavailableSecretStore } from "../services/secrets/secret-store.js";

type Keychain = Pick<SafeStorage, "isEncryptionAvailable" | "encryptString" | "decryptString">;

export function keychainSecretStore(keychain: Keychain, file: string): SecretStore {
  if (!keychain.isEncryptionAvailable()) return new UnavailableSecretStore();
  return new EncryptedSecretStore(file, {
    encrypt: (plain) => keychain.encryptString(plain),
    decrypt: (cipher) => keychain.decryptString(cipher),
  });
}
