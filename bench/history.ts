/**
 * `npm run bench:history`: the history store at 10,000 conversations / 100,000 messages: the
 * sidebar's first page, search on every query shape (common, rare and no-hit words, 1- and 2-letter Latin, Chinese
 * 2- and 3-character words, Chinese and English mixed, ten words; p95 and max per shape), and saving one streamed
 * chunk. Goals: list ≤ 20 ms, search p95 ≤ 30 ms and max ≤ 100 ms, chunk save p95 ≤ 1 ms.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "libsql";
import { HistoryStore } from "../electron/services/history/history-store.js";
import { indexStatements } from "../electron/services/history/search-index.js";
import { Prng } from "../scripts/gguf/prng.js";
import { finish, percentile, round } from "./bench-utils.js";

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 10_000);
const MESSAGES_PER = 10;
const english =
  "rectangle perimeter area width length triangle angle proof function array hash loop integer prime derivative integral vector matrix probability theorem".split(
    " ",
  );
const chinese =
  "矩形 周长 面积 长度 宽度 三角形 角度 证明 函数 数组 哈希 循环 整数 质数 导数 积分 向量 矩阵 概率 定理".split(" ");

const prng = new Prng(2026);
const pick = <T>(list: readonly T[]) => list[prng.nextU32() % list.length]!;
function sentence(words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) parts.push(prng.nextU32() % 3 === 0 ? pick(chinese) : pick(english));
  return parts.join(" ");
}

const dir = mkdtempSync(path.join(os.tmpdir(), "inkstone-bench-history-"));
const file = path.join(dir, "history.db");
HistoryStore.openFile(file).close(); // creates the schema
const seedStart = performance.now();
{
  const db = new Database(file);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;");
  const conv = db.prepare(
    "INSERT INTO conversations (id, title, created_at, updated_at, active_leaf_id) VALUES (?, ?, ?, ?, ?)",
  );
  const msg = db.prepare(
    "INSERT INTO messages (id, conversation_id, parent_id, role, content, reasoning, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '', 'complete', ?, ?)",
  );
  const index = indexStatements(db); // the same rows the store writes: trigrams and short grams
  db.exec("BEGIN");
  const base = Date.now() - CONVERSATIONS * 60_000;
  for (let c = 0; c < CONVERSATIONS; c++) {
    const id = randomUUID();
    const title = sentence(5);
    let parent: string | null = null;
    const t = base + c * 60_000;
    const ids = Array.from({ length: MESSAGES_PER }, () => randomUUID());
    conv.run(id, title, t, t + MESSAGES_PER, ids.at(-1));
    for (let m = 0; m < MESSAGES_PER; m++) {
      const mid = ids[m]!;
      const role = m % 2 === 0 ? "user" : "assistant";
      const content = sentence(role === "user" ? 20 : 80);
      msg.run(mid, id, parent, role, content, t + m, t + m);
      index(id, mid, role, content);
      parent = mid;
    }
    index(id, null, "title", title);
  }
  db.exec("COMMIT");
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.close();
}
const seedSeconds = (performance.now() - seedStart) / 1000;

const store = HistoryStore.openFile(file);
const time = (run: () => unknown) => {
  const start = performance.now();
  run();
  return performance.now() - start;
};

const listFirst = time(() => store.listConversations({ limit: 50 }));
const listTimes = Array.from({ length: 30 }, () => time(() => store.listConversations({ limit: 50 })));

// Every query shape a user types: common and rare words, no hits, 1- and 2-letter Latin, 2-character and longer
// Chinese, Chinese and English mixed, several words, ten words.
const shapes: Record<string, string[]> = {
  "common word": english,
  "Chinese 2-character": chinese,
  "Chinese 3-character": chinese.slice(0, 10).map((w, i) => `${w}${chinese[(i + 1) % chinese.length]!.slice(0, 1)}`),
  "several words": ["area width", "周长 面积", "theorem 导数 proof"],
  "mixed Chinese and English": ["矩形 area", "面积 ar", "导数 x"],
  "rare or no hit": ["zebra", "quokka xylophone", "不存在的词", "rectangle qz", "面积 quokka"],
  "1-letter Latin": ["a", "x", "q"],
  "2-letter Latin": ["ab", "ar", "qz", "zz"],
  "10 words": [
    "area matrix proof loop hash prime width angle vector integral",
    "矩形 周长 面积 长度 宽度 三角形 角度 证明 函数 数组",
    "a rectangle of width w and area ab is in x y",
  ],
};
const searchTimes: number[] = [];
const shapeTimes = new Map<string, number[]>();
const slowest: { query: string; ms: number }[] = [];
let totalHits = 0;
for (let round = 0; round < 2; round++) {
  for (const [shape, queries] of Object.entries(shapes)) {
    for (const q of queries) {
      const ms = time(() => (totalHits += store.search(q, { limit: 30 }).length));
      searchTimes.push(ms);
      shapeTimes.set(shape, [...(shapeTimes.get(shape) ?? []), ms]);
      slowest.push({ query: q, ms });
    }
  }
}
slowest.sort((a, b) => b.ms - a.ms);

const conversation = store.createConversation({ title: "bench" });
const question = store.addMessage({ conversationId: conversation.id, parentId: null, role: "user", content: "stream" });
const answer = store.addMessage({ conversationId: conversation.id, parentId: question.id, role: "assistant" });
const chunkTimes = Array.from({ length: 500 }, (_, i) =>
  time(() => store.appendToMessage(answer.id, { content: `token ${i} ` })),
);
await store.durable(); // the worker is started and everything before is on the disk
const finishTime = time(() =>
  store.finishMessage(answer.id, { content: store.getMessage(answer.id)!.content, reasoning: "", status: "complete" }),
);
// the fsync that makes it durable, in the history worker: the main thread does not wait for it
const syncStart = performance.now();
await store.durable();
const syncTime = performance.now() - syncStart;
store.close();
rmSync(dir, { recursive: true, force: true });

const result = {
  bench: "history",
  conversations: CONVERSATIONS,
  messages: CONVERSATIONS * MESSAGES_PER,
  seed_s: round(seedSeconds, 1),
  list_ms: round(percentile(listTimes, 50), 3),
  list_first_call_ms: round(listFirst, 3),
  search_p50_ms: round(percentile(searchTimes, 50), 3),
  search_p95_ms: round(percentile(searchTimes, 95), 3),
  search_max_ms: round(Math.max(...searchTimes), 3),
  search_queries: searchTimes.length,
  search_p95_by_shape_ms: Object.fromEntries(
    [...shapeTimes].map(([shape, times]) => [shape, round(percentile(times, 95), 2)]),
  ),
  search_hits: totalHits,
  chunk_save_p50_ms: round(percentile(chunkTimes, 50), 3),
  chunk_save_p95_ms: round(percentile(chunkTimes, 95), 3),
  finish_message_ms: round(finishTime, 3),
  finish_fsync_off_thread_ms: round(syncTime, 3),
};
finish(
  [
    `${CONVERSATIONS} conversations, ${CONVERSATIONS * MESSAGES_PER} messages (seeded in ${seedSeconds.toFixed(1)} s)`,
    `first page of the list: ${result.list_ms} ms (p50 of 30; first call ${result.list_first_call_ms} ms)   goal ≤ 20 ms`,
    `search: p50 ${result.search_p50_ms} ms, p95 ${result.search_p95_ms} ms over ${searchTimes.length} queries, max ${result.search_max_ms} ms   goals p95 ≤ 30 ms, max ≤ 100 ms`,
    ...[...shapeTimes].map(
      ([shape, times]) =>
        `  ${shape}: p95 ${round(percentile(times, 95), 2)} ms, max ${round(Math.max(...times), 2)} ms (${times.length} searches)`,
    ),
    `slowest queries: ${slowest
      .slice(0, 4)
      .map((s) => `"${s.query}" ${s.ms.toFixed(1)} ms`)
      .join(", ")}`,
    `streamed chunk save: p50 ${result.chunk_save_p50_ms} ms, p95 ${result.chunk_save_p95_ms} ms   goal p95 ≤ 1 ms`,
    `final commit of a message (main thread): ${result.finish_message_ms} ms; its fsync in the history worker: ${result.finish_fsync_off_thread_ms} ms`,
  ],
  result,
);
