/**
 * The files a collection is made of, as they are on disk now: every file below its folder
 * (recursively, symbolic links not followed, hidden files and Office lock files skipped), or the
 * files the user chose. Only names and stats are read here; contents are read by the index workers.
 */
import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";

export interface SourceFile {
  path: string;
  /** Path below the folder with forward slashes (the file's own name for chosen files). */
  name: string;
  size: number;
  mtimeMs: number;
}

export interface CollectionSource {
  dir: string | null;
  files: string[];
}

/** File types indexing reads; other files are listed as unsupported without being opened. */
export const INDEXED_EXTENSIONS = /\.(pdf|docx|txt|md|markdown|png|jpe?g)$/i;
export const IMAGE_EXTENSIONS = /\.(png|jpe?g)$/i;

const MAX_FILES = 20_000;
const MAX_DEPTH = 32;

const skipped = (name: string) => name.startsWith(".") || name.startsWith("~$") || name === "Thumbs.db";

async function walk(root: string, dir: string, depth: number, out: SourceFile[]): Promise<void> {
  if (depth > MAX_DEPTH || out.length >= MAX_FILES) return;
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // a folder that cannot be listed (permissions) holds nothing we can read
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (skipped(entry.name) || out.length >= MAX_FILES) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(root, full, depth + 1, out);
    else if (entry.isFile()) {
      const info = await stat(full).catch(() => null);
      if (info)
        out.push({
          path: full,
          name: path.relative(root, full).split(path.sep).join("/"),
          size: info.size,
          mtimeMs: info.mtimeMs,
        });
    }
  }
}

export async function listSourceFiles(source: CollectionSource): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  if (source.dir) await walk(source.dir, source.dir, 0, out);
  for (const file of source.files) {
    const info = await stat(file).catch(() => null);
    if (info?.isFile()) out.push({ path: file, name: path.basename(file), size: info.size, mtimeMs: info.mtimeMs });
  }
  return out;
}
