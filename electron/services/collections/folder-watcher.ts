/**
 * Watches each collection's folder (or its files' folders) while the app runs; a change calls back once things
 * have been quiet for a second, so a copy of many files re-indexes once, not once a file.
 */
import { type FSWatcher, watch } from "node:fs";
import path from "node:path";
import type { CollectionMeta } from "./collection-registry.js";

export class FolderWatcher {
  private readonly watchers = new Map<string, FSWatcher[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly onChange: (collectionId: string) => void) {}

  watch(meta: CollectionMeta): void {
    if (this.watchers.has(meta.id)) return;
    const dirs = meta.source.dir ? [meta.source.dir] : [...new Set(meta.source.files.map((f) => path.dirname(f)))];
    const watchers: FSWatcher[] = [];
    for (const dir of dirs) {
      try {
        const watcher = watch(dir, { recursive: meta.source.dir !== null, persistent: false }, () =>
          this.schedule(meta.id),
        );
        watcher.on("error", () => watcher.close());
        watchers.push(watcher);
      } catch {
        // a folder that is gone or cannot be watched is checked again when the collection is opened
      }
    }
    this.watchers.set(meta.id, watchers);
  }

  /** Stops watching one collection (it is being deleted). */
  forget(id: string): void {
    for (const watcher of this.watchers.get(id) ?? []) watcher.close();
    this.watchers.delete(id);
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }

  close(): void {
    for (const id of [...this.watchers.keys()]) this.forget(id);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        this.onChange(id);
      }, 1000),
    );
  }
}
