// Finds the Electron binary without triggering electron's own download-on-require.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** @returns {{ path: string } | { path: null, reason: string }} */
export function findElectronBinary() {
  const dir = path.join(root, "node_modules", "electron");
  if (!existsSync(path.join(dir, "package.json")))
    return { path: null, reason: "the electron package is not installed" };
  const pathFile = path.join(dir, "path.txt");
  const relative = existsSync(pathFile) ? readFileSync(pathFile, "utf8").trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = path.join(override, relative || "electron");
    return existsSync(candidate) ? { path: candidate } : { path: null, reason: `no binary at ${candidate}` };
  }
  if (!relative)
    return { path: null, reason: "the Electron binary was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD=1)" };
  const full = path.join(dir, "dist", relative);
  return existsSync(full) ? { path: full } : { path: null, reason: `the Electron binary is missing at ${full}` };
}
