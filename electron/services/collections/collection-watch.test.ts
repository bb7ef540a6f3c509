/** A collection kept current: watched while the app runs, checked again when opened after a restart. */
import { appendFile, mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CollectionService } from "./collection-service.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "inkstone-collection-watch-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Polls `probe` until it holds (every 100 ms, at most 30 s). */
async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("a watched collection", () => {
  it("re-indexes files added, changed and removed while the app runs, and files changed while it was closed", async () => {
    const dir = path.join(root, "course");
    await mkdir(path.join(dir, "week 1"), { recursive: true });
    await writeFile(path.join(dir, "notes.md"), "The rectangle is 10 cm wide.");
    await writeFile(path.join(dir, "week 1", "old.txt"), "The obsolete syllabus mentions zeppelins.");
    const collections = path.join(root, "data", "collections");
    let service = new CollectionService({ dir: collections, cacheDir: null, watch: true });
    const files = async (id: string) => (await service.files(id)).map((f) => `${f.name}:${f.state}`).sort();
    const top = async (id: string, query: string) => (await service.search(id, query))[0]?.file;
    try {
      const { id } = await service.create({ name: "Watched", dir });
      await service.whenIdle(id);
      expect(await files(id)).toEqual(["notes.md:indexed", "week 1/old.txt:indexed"]);

      // added (in a subfolder), changed and removed, with the collection left alone
      await writeFile(path.join(dir, "week 1", "circles.txt"), "A circle's circumference is two pi r.");
      await appendFile(path.join(dir, "notes.md"), "\n\nThe parallelogram has a height of 7 cm.");
      await rm(path.join(dir, "week 1", "old.txt"));
      await until("the watcher has re-indexed the folder", async () => {
        const now = await files(id);
        return (
          now.join() === "notes.md:indexed,week 1/circles.txt:indexed" &&
          (await top(id, "parallelogram height")) === "notes.md"
        );
      });
      expect(await top(id, "circumference")).toBe("week 1/circles.txt");
      // the removed file's passages are gone with it
      expect(await service.search(id, "zeppelins syllabus")).toEqual([]);

      // changed while the app was closed: found when the collection is opened again
      await service.close();
      await writeFile(path.join(dir, "week 1", "circles.txt"), "A sphere's volume is four thirds pi r cubed.");
      const later = new Date(Date.now() + 5_000); // a new time even where the clock's grain is coarse
      await utimes(path.join(dir, "week 1", "circles.txt"), later, later);
      service = new CollectionService({ dir: collections, cacheDir: null });
      await service.open(id);
      await service.whenIdle(id);
      expect(await top(id, "sphere volume")).toBe("week 1/circles.txt");
      expect(await service.search(id, "circumference")).toEqual([]);
    } finally {
      await service.close();
    }
  });
});
