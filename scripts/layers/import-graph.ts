/** The project's import graph, read from the sources as text: each file's relative imports resolved to files. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ImportTarget } from "./layer-rules.js";

const SOURCE = /\.(ts|tsx|mts)$/;

export function listSources(root: string, folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) continue;
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(rel);
    }
  };
  for (const folder of folders) if (existsSync(path.join(root, folder))) walk(folder);
  return out.sort();
}

/** Import and re-export specifiers, static and dynamic. */
export function importSpecifiers(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [
    /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']/g,
    /(?:^|\n)\s*import\s*["']([^"']+)["']/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) specifiers.push(match[1]!);
  return specifiers;
}

function resolveFile(root: string, fromFile: string, specifier: string): string | null {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  const stem = base.replace(/\.(js|mjs|jsx)$/, "");
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}/index.ts`, `${stem}/index.tsx`];
  return candidates.find((c) => SOURCE.test(c) && existsSync(path.join(root, c))) ?? null;
}

export function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** Every import of one file: resolved project files (relative imports) and package names (bare ones). */
export function importsOf(root: string, file: string): ImportTarget[] {
  const source = readFileSync(path.join(root, file), "utf8");
  const targets: ImportTarget[] = [];
  for (const specifier of importSpecifiers(source)) {
    if (specifier.startsWith("node:")) continue;
    if (specifier.startsWith(".")) {
      // assets (CSS, JSON, ?url imports) are not modules with layers
      const resolved = resolveFile(root, file, specifier.split("?")[0]!);
      if (resolved) targets.push({ kind: "file", path: resolved });
    } else {
      targets.push({ kind: "package", name: packageName(specifier) });
    }
  }
  return targets;
}
