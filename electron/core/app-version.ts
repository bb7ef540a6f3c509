import { readFileSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../services/fs/paths.js";

export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string };
  return pkg.version;
}
