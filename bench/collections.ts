/**
 * `npm run bench:collections -- [--docs 1000] [--pages 20] [--queries 200] [--workers N]`: a generated
 * course folder (PDF, DOCX, MD, TXT; no OCR) indexed by the collections service, then questions
 * whose answer passage is known asked against it. Side by side, same passages and questions: BM25
 * in SQLite FTS5 (the collection index) and MiniSearch in memory (what one attached document uses).
 * Prints indexing time, pages, retrieval p50/p95 and recall@5 for both; ends with one JSON line.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "libsql";
import MiniSearch from "minisearch";
import { CollectionService } from "../electron/services/collections/collection-service.js";
import { tokenizeForSearch } from "../electron/services/documents/context-budget.js";
import { makeCourseSet, writeFiles } from "../scripts/fixtures/collection-fixtures.js";
import { finish, percentile, round } from "./bench-utils.js";

const { values } = parseArgs({
  options: {
    docs: { type: "string", default: "1000" },
    pages: { type: "string", default: "20" },
    queries: { type: "string", default: "200" },
    workers: { type: "string" },
  },
});
const docs = Number(values.docs);
const pagesPerDoc = Number(values.pages);
const queries = Number(values.queries);
const root = await mkdtemp(path.join(os.tmpdir(), "inkstone-bench-collections-"));
const flat = (text: string) => text.replace(/\s+/g, " ");
const service = new CollectionService({
  dir: path.join(root, "data", "collections"),
  cacheDir: null,
  workers: values.workers ? Number(values.workers) : undefined,
});
try {
  let started = performance.now();
  // generated in batches so a thousand documents never sit in memory at once
  const facts = [];
  for (let first = 0; first < docs; first += 100) {
    const count = Math.min(100, docs - first);
    const language = first % 200 === 0 ? "en" : "zh";
    const set = await makeCourseSet({
      language,
      files: count,
      pagesPerFile: pagesPerDoc,
      facts: Math.ceil(queries / Math.ceil(docs / 100)),
      seed: 1000 + first,
      // full pages: about 2,900 characters each, so a text or Word file reads as as many pages as were written
      // (the extractor pages those every 3,000 characters); an English paragraph is ~320 characters, a Chinese one ~95
      paragraphsPerPage: language === "en" ? 9 : 30,
    });
    await writeFiles(
      path.join(root, "course", `part-${first / 100 + 1}`),
      set.files.map((f) => ({ ...f, name: f.name })),
    );
    facts.push(...set.facts.map((f) => ({ ...f, file: `part-${first / 100 + 1}/${f.file}` })));
  }
  const generateSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const created = await service.create({ name: "Bench", dir: path.join(root, "course") });
  await service.whenIdle(created.id);
  const indexSeconds = (performance.now() - started) / 1000;
  const summary = await service.get(created.id);
  // stages, summed over the reading workers (they run side by side) and the writer thread
  const seconds = (ms: number) => round(ms / 1000, 1);
  const stages = {
    readSeconds: seconds(service.timing.readMs),
    extractSeconds: seconds(service.timing.extractMs),
    passagesAndTermsSeconds: seconds(service.timing.passagesMs),
    writeSeconds: seconds(service.writerTiming.writeMs),
    fsyncAndCheckpointSeconds: seconds(service.writerTiming.fsyncMs),
  };

  const asked = facts.slice(0, queries);
  const fts: number[] = [];
  let ftsHits = 0;
  for (const fact of asked) {
    const t = performance.now();
    const found = await service.search(created.id, fact.question, { k: 5 });
    fts.push(performance.now() - t);
    if (found.some((p) => p.file === fact.file && flat(p.text).includes(fact.sentence))) ftsHits++;
  }

  // the baseline: the same passages in MiniSearch, in memory
  const indexDb = new Database(service.registry.indexFile(created.id), { readonly: true });
  const rows = indexDb
    .prepare("SELECT p.id, f.name AS file, p.text FROM passages p JOIN files f ON f.id = p.file_id")
    .all() as {
    id: number;
    file: string;
    text: string;
  }[];
  indexDb.close();
  started = performance.now();
  const mini = new MiniSearch<{ id: number; text: string }>({ fields: ["text"], tokenize: tokenizeForSearch });
  mini.addAll(rows);
  const miniBuildSeconds = (performance.now() - started) / 1000;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const miniTimes: number[] = [];
  let miniHits = 0;
  for (const fact of asked) {
    const t = performance.now();
    const found = mini.search(fact.question, { tokenize: tokenizeForSearch, combineWith: "OR" }).slice(0, 5);
    miniTimes.push(performance.now() - t);
    if (
      found.some(
        (r) =>
          byId.get(r.id as number)!.file === fact.file && flat(byId.get(r.id as number)!.text).includes(fact.sentence),
      )
    )
      miniHits++;
  }
  const result = {
    docs,
    pages: summary.pages,
    passages: rows.length,
    failed: summary.failed,
    workers: service.workers,
    generateSeconds: round(generateSeconds, 1),
    indexSeconds: round(indexSeconds, 1),
    pagesPerSecond: round(summary.pages / indexSeconds, 1),
    stages,
    queries: asked.length,
    retrievalP50Ms: round(percentile(fts, 50), 2),
    retrievalP95Ms: round(percentile(fts, 95), 2),
    recallAt5: round(ftsHits / asked.length, 3),
    baselineMiniSearchBuildSeconds: round(miniBuildSeconds, 1),
    baselineMiniSearchP50Ms: round(percentile(miniTimes, 50), 2),
    baselineMiniSearchP95Ms: round(percentile(miniTimes, 95), 2),
    baselineMiniSearchRecallAt5: round(miniHits / asked.length, 3),
    goals: { indexSecondsMax: 600, retrievalP95MsMax: 100 },
  };
  finish(
    [
      `generated ${docs} documents (${pagesPerDoc} pages each as written) in ${result.generateSeconds} s`,
      `indexed ${summary.files} files, ${summary.pages} pages, ${rows.length} passages in ${result.indexSeconds} s with ${service.workers} workers (${result.pagesPerSecond} pages/s; goal ≤ 600 s for 20,000 pages)`,
      `stages (thread seconds; the ${service.workers} readers run side by side, the writer beside them): read ${stages.readSeconds}, extract ${stages.extractSeconds}, passages and terms ${stages.passagesAndTermsSeconds}; writer: insert and commit ${stages.writeSeconds}, fsync and checkpoint ${stages.fsyncAndCheckpointSeconds}`,
      `retrieval, ${asked.length} questions: FTS5 BM25 p50 ${result.retrievalP50Ms} ms, p95 ${result.retrievalP95Ms} ms (goal ≤ 100 ms), recall@5 ${result.recallAt5}`,
      `baseline MiniSearch in memory: built in ${result.baselineMiniSearchBuildSeconds} s, p50 ${result.baselineMiniSearchP50Ms} ms, p95 ${result.baselineMiniSearchP95Ms} ms, recall@5 ${result.baselineMiniSearchRecallAt5}`,
    ],
    result,
  );
} finally {
  await service.close();
  await rm(root, { recursive: true, force: true });
}
