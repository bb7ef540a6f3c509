/**
 * Which collections exist: one small JSON file per collection (`<id>.json`: its name and where
 * its files are) beside its index (`<id>.db`). The JSON is what survives a damaged index, so the
 * index can be rebuilt from the user's files; deleting a collection removes both, and nothing else.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../fs/atomic-file.js";
import { removeDatabaseFiles } from "./collection-database.js";

export const collectionMetaSchema = z.object({
  id: z.string().uuid(),
  name: z.string().min(1).max(80),
  createdAt: z.number(),
  source: z.object({ dir: z.string().nullable(), files: z.array(z.string()).max(20_000) }),
});
export type CollectionMeta = z.infer<typeof collectionMetaSchema>;

export class CollectionRegistry {
  constructor(readonly dir: string) {}

  indexFile(id: string): string {
    return path.join(this.dir, `${id}.db`);
  }

  async list(): Promise<CollectionMeta[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const metas: CollectionMeta[] = [];
    for (const name of names.filter((n) => /^[0-9a-f-]{36}\.json$/.test(n))) {
      try {
        metas.push(collectionMetaSchema.parse(JSON.parse(await readFile(path.join(this.dir, name), "utf8"))));
      } catch {
        // a half-written or foreign file is not a collection
      }
    }
    return metas.sort((a, b) => a.name.localeCompare(b.name));
  }

  async add(name: string, source: CollectionMeta["source"]): Promise<CollectionMeta> {
    const meta: CollectionMeta = { id: randomUUID(), name, createdAt: Date.now(), source };
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(path.join(this.dir, `${meta.id}.json`), JSON.stringify(meta, null, 2));
    return meta;
  }

  /** Removes the collection's record and its index (with its WAL); the user's files are not touched. */
  async remove(id: string): Promise<void> {
    removeDatabaseFiles(this.indexFile(id));
    await rm(path.join(this.dir, `${id}.json`), { force: true });
  }
}
