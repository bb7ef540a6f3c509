import { existsSync } from "node:fs";
import { appendFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCourseSet, type PlantedFact, writeFiles } from "../../../scripts/fixtures/collection-fixtures.js";
import { makeEncryptedPdf, makePdf } from "../../../scripts/fixtures/document-fixtures.js";
import { type CollectionProgress, CollectionService } from "./collection-service.js";
import { splitPage } from "./passages.js";
import { spreadAcrossFiles } from "./retrieve.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "inkstone-collections-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const flat = (text: string) => text.replace(/\s+/g, " ");

describe("passages", () => {
  it("cut a page by paragraph into windows that overlap by one piece, never across pages", () => {
    const paragraphs = Array.from({ length: 6 }, (_, i) => `${String.fromCharCode(65 + i)}`.repeat(300));
    const passages = splitPage({ page: 4, text: paragraphs.join("\n\n") });
    expect(passages.map((p) => [p.page, p.para])).toEqual([
      [4, 1],
      [4, 2],
      [4, 3],
      [4, 4],
      [4, 5],
    ]);
    // each window's last paragraph starts the next one
    expect(passages[0]!.text).toBe(`${paragraphs[0]}\n\n${paragraphs[1]}`);
    expect(passages[1]!.text.startsWith(paragraphs[1]!)).toBe(true);
    // a page without blank lines (a PDF's text layer) is cut at line ends
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i} of the page with some words`).join("\n");
    const cut = splitPage({ page: 1, text: lines });
    expect(cut.length).toBeGreaterThan(1);
    expect(cut.every((p) => p.text.length <= 820)).toBe(true);
    expect(cut.some((p) => p.text.includes("line 39 of the page"))).toBe(true);
  });

  it("spread the passages that go in across files, pinned files first", () => {
    const p = (id: number, fileId: number, score: number) => ({
      id,
      fileId,
      file: `f${fileId}`,
      page: 1,
      para: 1,
      text: "",
      score,
    });
    const order = spreadAcrossFiles([p(1, 1, 10), p(2, 1, 9.5), p(3, 1, 9), p(4, 2, 7), p(5, 3, 6)], [p(9, 4, 0)]);
    expect(order.map((x) => x.id)).toEqual([9, 1, 4, 5, 2, 3]);
  });
});

async function indexSet(name: string, facts: PlantedFact[], service: CollectionService, dir: string) {
  await service.create({ name, dir });
  const { id } = await service.byName(name);
  await service.whenIdle(id);
  let hits = 0;
  const misses: string[] = [];
  for (const fact of facts) {
    const found = await service.search(id, fact.question, { k: 5 });
    if (found.some((p) => p.file === fact.file && flat(p.text).includes(fact.sentence))) hits++;
    else misses.push(fact.question);
  }
  return { id, recall: hits / facts.length, misses };
}

describe("a collection of generated course files (EN and ZH)", () => {
  it("finds the passage that answers each of 120 questions in its top 5 (recall@5 ≥ 0.9)", async () => {
    const service = new CollectionService({ dir: path.join(root, "data", "collections"), cacheDir: null });
    try {
      const en = await makeCourseSet({ language: "en", files: 8, pagesPerFile: 4, facts: 60, seed: 7 });
      const zh = await makeCourseSet({ language: "zh", files: 8, pagesPerFile: 4, facts: 60, seed: 8 });
      await writeFiles(path.join(root, "en"), en.files);
      await writeFiles(path.join(root, "zh"), zh.files);
      const english = await indexSet("Physics", en.facts, service, path.join(root, "en"));
      const chinese = await indexSet("物理", zh.facts, service, path.join(root, "zh"));
      const summary = await service.get(english.id);
      expect(summary).toMatchObject({ files: 8, failed: 0, pending: 0, status: "idle" });
      expect(summary.pages).toBeGreaterThan(8);
      console.log(
        `recall@5 EN ${english.recall.toFixed(3)}, ZH ${chinese.recall.toFixed(3)}`,
        english.misses,
        chinese.misses,
      );
      expect(english.recall).toBeGreaterThanOrEqual(0.9);
      expect(chinese.recall).toBeGreaterThanOrEqual(0.9);
      // the answer fits a small budget, cited by file and page
      const fact = en.facts[0]!;
      const context = await service.retrieve(english.id, fact.question, 400, async (t) => Math.ceil(t.length / 4));
      expect(context.searched).toBe(8);
      expect(flat(context.text)).toContain(fact.sentence);
      expect(context.text).toMatch(new RegExp(`\\[${fact.file.replace(".", "\\.")}, p\\. \\d+\\]`));
      expect(Math.ceil(context.text.length / 4)).toBeLessThanOrEqual(400);
      // an excluded file gives nothing; a pinned one comes first
      const without = await service.retrieve(english.id, fact.question, 4000, async (t) => Math.ceil(t.length / 4), {
        exclude: [context.passages[0]!.fileId],
      });
      expect(without.passages.every((p) => p.fileId !== context.passages[0]!.fileId)).toBe(true);
      const other = (await service.files(english.id)).find((f) => f.name !== fact.file)!;
      const pinned = await service.retrieve(english.id, fact.question, 4000, async (t) => Math.ceil(t.length / 4), {
        pin: [other.id],
      });
      expect(pinned.passages.some((p) => p.fileId === other.id)).toBe(true);
    } finally {
      await service.close();
    }
  });
});

describe("keeping a collection", () => {
  it("lists each bad file with its reason and indexes the rest; follows added, changed and removed files; deletes only its index", async () => {
    const dir = path.join(root, "course");
    await mkdir(path.join(dir, "week 2"), { recursive: true });
    await writeFile(path.join(dir, "notes.md"), "# Week 1\n\nThe rectangle is 10 cm wide.");
    await writeFile(path.join(dir, "week 2", "slides.pdf"), await makePdf(["Units.", "Triangles have three sides."]));
    await writeFile(path.join(dir, "locked.pdf"), makeEncryptedPdf());
    await writeFile(path.join(dir, "broken.pdf"), "%PDF-1.7\n garbage without objects");
    await writeFile(path.join(dir, "empty.txt"), "");
    await writeFile(path.join(dir, "setup.exe"), new Uint8Array([0x4d, 0x5a, 0x90, 0]));
    await writeFile(path.join(dir, ".hidden.md"), "not listed");
    const collectionsDir = path.join(root, "data2", "collections");
    const events: CollectionProgress[] = [];
    const service = new CollectionService({ dir: collectionsDir, cacheDir: null, onProgress: (e) => events.push(e) });
    try {
      const created = await service.create({ name: "Geometry", dir });
      await service.whenIdle(created.id);
      const files = await service.files(created.id);
      const byName = Object.fromEntries(files.map((f) => [f.name, f]));
      expect(Object.keys(byName).sort()).toEqual([
        "broken.pdf",
        "empty.txt",
        "locked.pdf",
        "notes.md",
        "setup.exe",
        "week 2/slides.pdf",
      ]);
      expect(byName["week 2/slides.pdf"]).toMatchObject({ state: "indexed", pages: 2 });
      expect(byName["notes.md"]).toMatchObject({ state: "indexed", pages: 1 });
      expect(byName["locked.pdf"]).toMatchObject({ state: "failed", reason: "encrypted" });
      expect(byName["broken.pdf"]).toMatchObject({ state: "failed", reason: "corrupt" });
      expect(byName["empty.txt"]).toMatchObject({ state: "failed", reason: "empty" });
      expect(byName["setup.exe"]).toMatchObject({ state: "failed", reason: "unsupported" });
      expect(byName["locked.pdf"]!.message).toMatch(/password/);
      // progress per file, ending idle with every file done
      expect(events.filter((e) => e.file?.name === "notes.md").at(-1)?.file?.state).toBe("indexed");
      expect(events.at(-1)).toMatchObject({ status: "idle", done: 6, total: 6 });
      expect((await service.search(created.id, "triangle sides"))[0]).toMatchObject({
        file: "week 2/slides.pdf",
        page: 2,
      });

      // changed, added and removed files are picked up when the collection is opened
      await appendFile(path.join(dir, "notes.md"), "\n\nThe parallelogram has a height of 7 cm.");
      await writeFile(path.join(dir, "week 2", "circles.txt"), "A circle's circumference is two pi r.");
      await rm(path.join(dir, "broken.pdf"));
      await service.open(created.id);
      await service.whenIdle(created.id);
      const after = (await service.files(created.id)).map((f) => f.name).sort();
      expect(after).toEqual([
        "empty.txt",
        "locked.pdf",
        "notes.md",
        "setup.exe",
        "week 2/circles.txt",
        "week 2/slides.pdf",
      ]);
      expect((await service.search(created.id, "parallelogram height"))[0]?.file).toBe("notes.md");
      expect((await service.search(created.id, "circumference"))[0]?.file).toBe("week 2/circles.txt");
      const opened = await service.passage(created.id, { file: "week 2/slides.pdf", page: 2 });
      expect(opened.text).toBe("Triangles have three sides.");

      // deleting removes the index and its record, never the user's files
      await service.delete(created.id);
      expect(await service.list()).toEqual([]);
      expect(await readdir(collectionsDir)).toEqual([]);
      expect(existsSync(path.join(dir, "notes.md"))).toBe(true);
      expect(existsSync(path.join(dir, "week 2", "slides.pdf"))).toBe(true);
    } finally {
      await service.close();
    }
  });

  it("pauses, resumes and cancels indexing; a damaged index is moved aside and rebuilt", async () => {
    const dir = path.join(root, "many");
    const set = await makeCourseSet({ language: "en", files: 8, pagesPerFile: 2, facts: 5, seed: 3 });
    await writeFiles(dir, set.files);
    const collectionsDir = path.join(root, "data3", "collections");
    let service = new CollectionService({ dir: collectionsDir, cacheDir: null, workers: 1 });
    const created = await service.create({ name: "Many", dir });
    service.pause(created.id);
    expect((await service.get(created.id)).status).toBe("paused");
    const pausedAt = (await service.get(created.id)).done;
    await new Promise((r) => setTimeout(r, 300));
    expect((await service.get(created.id)).done).toBeLessThanOrEqual(pausedAt + 1); // only the file in hand finishes
    service.resume(created.id);
    await service.cancel(created.id);
    const cancelled = await service.get(created.id);
    expect(cancelled.status).toBe("idle");
    expect(cancelled.pending).toBeGreaterThan(0);
    // opening again indexes what was left
    await service.open(created.id);
    await service.whenIdle(created.id);
    expect(await service.get(created.id)).toMatchObject({ files: 8, pending: 0, failed: 0 });
    await service.close();

    await writeFile(path.join(collectionsDir, `${created.id}.db`), "this is not a database at all, not even close");
    await rm(path.join(collectionsDir, `${created.id}.db-wal`), { force: true });
    service = new CollectionService({ dir: collectionsDir, cacheDir: null });
    try {
      const reopened = await service.open(created.id);
      expect(reopened.notice).toMatch(/was damaged; it was moved to .*\.corrupt-.* and is being rebuilt/);
      await service.whenIdle(created.id);
      expect(await service.get(created.id)).toMatchObject({ files: 8, pending: 0 });
      expect((await readdir(collectionsDir)).some((n) => n.includes(".corrupt-"))).toBe(true);
    } finally {
      await service.close();
    }
  });
});
