import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The folder Electron would use as `userData` for Inkstone, so web mode and the app share data by default. */
export function defaultUserDataDir(platform = process.platform, env = process.env): string {
  const home = os.homedir();
  if (platform === "win32") return path.join(env.APPDATA ?? path.join(home, "AppData", "Roaming"), "Inkstone");
  if (platform === "darwin") return path.join(home, "Library", "Application Support", "Inkstone");
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, ".config"), "Inkstone");
}

/** The project root (the folder holding package.json), found from this module's location. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function rendererDistDir(): string {
  return path.join(packageRoot(), "dist", "renderer");
}
