import { spawn } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "libsql";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InkstoneError } from "../../shared/contract-kit.js";
import { exportJson, exportMarkdown } from "./export-import.js";
import { HistoryStore, PURGE_AFTER_MS } from "./history-store.js";
import { LATEST_VERSION, migrate } from "./migrations.js";

let dir: string;
let store: HistoryStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "inkstone-history-"));
  store = HistoryStore.open(dir);
});
afterEach(async () => {
  try {
    store.close();
  } catch {}
  await rm(dir, { recursive: true, force: true });
});

function ask(conversationId: string, parentId: string | null, question: string, answer: string) {
  const user = store.addMessage({ conversationId, parentId, role: "user", content: question });
  const reply = store.addMessage({ conversationId, parentId: user.id, role: "assistant" });
  store.finishMessage(reply.id, { content: answer, reasoning: "because", status: "complete" });
  return { user, reply };
}

describe("history store", () => {
  it("creates, titles, lists, renames, pins, deletes with undo and purges later", () => {
    const a = store.createConversation();
    ask(a.id, null, "一个矩形的长比宽多 5cm,周长为 50cm,求面积。\nsecond line", "150");
    expect(store.getConversation(a.id)?.title).toBe("一个矩形的长比宽多 5cm,周长为 50cm,求面积。");
    const b = store.createConversation({ title: "Physics" });
    expect(store.listConversations().map((c) => c.id)).toEqual([b.id, a.id]);
    store.setPinned(a.id, true);
    expect(store.listConversations()[0]?.id).toBe(a.id);
    store.renameConversation(b.id, "Optics");
    expect(store.getConversation(b.id)?.title).toBe("Optics");
    store.deleteConversation(b.id);
    expect(store.listConversations().map((c) => c.id)).toEqual([a.id]);
    store.restoreConversation(b.id);
    expect(store.listConversations()).toHaveLength(2);
    store.deleteConversation(b.id);
    expect(store.purgeDeleted()).toBe(0); // not yet
    store.close();
    store = HistoryStore.open(dir, { now: () => Date.now() + PURGE_AFTER_MS + 1000 });
    expect(store.getConversation(b.id)).toBeNull();
    expect(store.getConversation(a.id)).not.toBeNull();
  });

  it("unknown or foreign ids are refused as not_found by the store itself (the caller sees the code, not wording)", () => {
    const a = store.createConversation();
    const b = store.createConversation();
    const { reply } = ask(b.id, null, "q", "a");
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof InkstoneError ? error.code : "plain error";
      }
      return "no error";
    };
    expect(codeOf(() => store.getThread("nope"))).toBe("not_found");
    expect(codeOf(() => store.selectBranch(a.id, reply.id))).toBe("not_found");
    expect(
      codeOf(() => store.addMessage({ conversationId: a.id, parentId: reply.id, role: "user", content: "x" })),
    ).toBe("not_found");
    expect(codeOf(() => store.finishMessage("nope", { content: "", reasoning: "", status: "complete" }))).toBe(
      "not_found",
    );
    store.deleteConversation(a.id);
    expect(codeOf(() => store.requireConversation(a.id))).toBe("not_found");
  });

  it("pages the list by cursor", () => {
    for (let i = 0; i < 12; i++) store.createConversation({ title: `c${i}` });
    const first = store.listConversations({ limit: 5 });
    const last = first.at(-1)!;
    const second = store.listConversations({
      limit: 5,
      before: { pinned: last.pinned, updatedAt: last.updatedAt, id: last.id },
    });
    expect(second).toHaveLength(5);
    expect(new Set([...first, ...second].map((c) => c.id)).size).toBe(10);
  });

  it("regenerate and edit make branches, and the thread shows where each sits", () => {
    const c = store.createConversation();
    const { user, reply } = ask(c.id, null, "Q1", "A1");
    const regen = store.addMessage({ conversationId: c.id, parentId: user.id, role: "assistant" });
    store.finishMessage(regen.id, { content: "A1 again", reasoning: "", status: "complete" });
    let thread = store.getThread(c.id);
    expect(thread.messages.map((m) => m.content)).toEqual(["Q1", "A1 again"]);
    expect(thread.messages[1]).toMatchObject({ siblingIndex: 1, siblingCount: 2, siblingIds: [reply.id, regen.id] });
    thread = store.selectBranch(c.id, reply.id);
    expect(thread.messages.map((m) => m.content)).toEqual(["Q1", "A1"]);
    // edit the question: a new root branch
    const edited = ask(c.id, null, "Q1 edited", "A1'");
    thread = store.getThread(c.id);
    expect(thread.messages.map((m) => m.content)).toEqual(["Q1 edited", "A1'"]);
    expect(thread.messages[0]).toMatchObject({ siblingIndex: 1, siblingCount: 2 });
    expect(store.historyUpTo(edited.reply.id)).toEqual([
      { role: "user", text: "Q1 edited" },
      { role: "assistant", text: "A1'", reasoning: "because" },
    ]);
  });

  it("knows how fast a model has been answering: the median of its latest complete answers", () => {
    expect(store.recentSpeed("q4")).toBeNull();
    const c = store.createConversation({ modelVariant: "q4" });
    const metrics = (tokensPerSecond: number | null) => ({
      ttftMs: 1,
      ttfatMs: 2,
      totalMs: 3,
      promptTokens: 1,
      reasoningTokens: 1,
      answerTokens: 1,
      tokensPerSecond,
    });
    for (const [tps, status] of [
      [10, "complete"],
      [30, "complete"],
      [20, "complete"],
      [1, "stopped"],
      [null, "complete"],
    ] as const) {
      const user = store.addMessage({ conversationId: c.id, parentId: null, role: "user", content: "q" });
      const reply = store.addMessage({ conversationId: c.id, parentId: user.id, role: "assistant" });
      store.finishMessage(reply.id, { content: "a", reasoning: "", status, metrics: metrics(tps) });
    }
    expect(store.recentSpeed("q4")).toBe(20);
    expect(store.recentSpeed("q8")).toBeNull();
  });

  it("finds English and Chinese text, two-character words included: one hit per conversation with its count", () => {
    const c = store.createConversation();
    ask(c.id, null, "一个矩形的长比宽多 5cm,周长为 50cm,求面积。", "面积是 150 平方厘米。面积 = 长 × 宽。");
    const d = store.createConversation();
    ask(d.id, null, "What is the perimeter of a square?", "Four times the side.");
    const zh = store.search("面积");
    expect(zh).toHaveLength(1);
    // the title, the question and the answer all hold the word; the answer says it most
    expect(zh[0]).toMatchObject({ conversationId: c.id, role: "assistant", matches: 3, snippet: { match: "面积" } });
    expect(store.search("周长为")[0]).toMatchObject({ conversationId: c.id, role: "user", matches: 2 });
    // several words must all appear
    expect(store.search("周长 面积").map((h) => [h.role, h.matches])).toEqual([["user", 2]]);
    const en = store.search("PERIMETER");
    expect(en).toHaveLength(1);
    expect(en[0]).toMatchObject({ conversationId: d.id, role: "user", matches: 2, snippet: { match: "perimeter" } });
    expect(en[0]!.snippet.before).toBe("What is the ");
    expect(store.search("zz")).toEqual([]);
    expect(store.search('"; DROP TABLE messages; --')).toEqual([]);
    store.deleteConversation(d.id);
    expect(store.search("perimeter")).toEqual([]);
  });

  it("shows a conversation once, however many of its messages match, with a plain-text snippet", () => {
    const c = store.createConversation({ title: "Geometry" });
    ask(
      c.id,
      null,
      "What is the **area** of a circle?",
      "The area is $\\pi r^2$, so for $r = 2$ the **area** is $4\\pi$.",
    );
    ask(c.id, null, "And the area of a square?", "`side * side`");
    const hits = store.search("area");
    expect(hits).toHaveLength(1);
    expect(hits[0]!.matches).toBe(3);
    // the answer with the word twice is the best snippet; no Markdown or LaTeX markup in it
    const text = Object.values(hits[0]!.snippet).join("");
    expect(text).toBe("The area is π r^2, so for r = 2 the area is 4π.");
    expect(text).not.toMatch(/[*$`\\]/);
  });

  it("finds every conversation holding all the words, however many newer messages hold only some", () => {
    const old = store.createConversation();
    ask(old.id, null, "A rectangle has width 4 and height 3: x = 12.", "面积 is 12 square units.");
    for (let i = 0; i < 300; i++) {
      const c = store.createConversation();
      ask(c.id, null, `rectangle number ${i}`, "no more words here");
    }
    const found = (query: string) => store.search(query, { limit: 30 }).filter((h) => h.conversationId === old.id);
    expect(found("rectangle width").map((h) => [h.role, h.matches])).toEqual([["user", 2]]);
    expect(found("width rectangle x")).toHaveLength(1); // a 1-letter word checked on the candidates
    expect(found("面积 square")).toHaveLength(1); // Chinese and English mixed
    expect(found("RECTANGLE Width 4 And HeIgHt 3: X = 12.")).toHaveLength(1); // ten words, any case
    const all = store.search("rectangle", { limit: 30 });
    expect(all).toHaveLength(30);
    expect(new Set(all.map((h) => h.conversationId)).size).toBe(30);
    expect(store.search("qqq rectangle")).toEqual([]);
  });

  it("finds 1- and 2-character words and mixed queries through the short-gram index, and nothing when none holds them", () => {
    const old = store.createConversation({ title: "Old" });
    ask(old.id, null, "Let x be the width; 面积 = ab.", "So the area is ab, q.e.d.");
    for (let i = 0; i < 300; i++) {
      const c = store.createConversation();
      ask(c.id, null, `width ${i} x`, "an answer"); // newer messages holding x, a, width: partial matches
    }
    const found = (query: string) => store.search(query, { limit: 30 }).filter((h) => h.conversationId === old.id);
    expect(found("q").map((h) => h.matches)).toEqual([1]); // 1 letter, only in the oldest answer
    expect(found("AB").map((h) => h.matches)).toEqual([2]); // 2 letters, any case: the question and the answer
    expect(found("x ab")).toHaveLength(1);
    expect(found(";")).toHaveLength(1); // punctuation is a character like any other
    expect(found("面 x")).toHaveLength(1); // one Chinese character and one Latin letter
    expect(found("面积 ab")).toHaveLength(1);
    expect(found("width 积 x")).toHaveLength(1); // a long word, a Chinese character, a letter (one message)
    expect(store.search("x", { limit: 30 })).toHaveLength(30);
    for (const none of ["qz", "zq x", "width qz", "面积 z", "k"]) expect(store.search(none)).toEqual([]);
    store.deleteConversation(old.id);
    expect(store.search("q")).toEqual([]);
  });

  it("keeps a streamed message when the writer is killed with SIGKILL, and marks it interrupted", async () => {
    store.close();
    const file = path.join(dir, "history.db");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "test-fixtures", "stream-writer.ts"), file],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let output = "";
    let messageId = "";
    let lastSaved = -1;
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        messageId ||= output.match(/message (\S+)/)?.[1] ?? "";
        const saved = [...output.matchAll(/saved (\d+)/g)];
        lastSaved = saved.length ? Number(saved.at(-1)![1]) : -1;
        if (lastSaved >= 30) {
          child.kill("SIGKILL");
          resolve();
        }
      });
    });
    await new Promise((resolve) => child.once("exit", resolve));
    store = HistoryStore.openFile(file);
    expect(store.notice).toBeNull();
    const message = store.getMessage(messageId)!;
    expect(message.status).toBe("interrupted");
    expect(message.reasoning).toBe("thinking ");
    for (let i = 0; i <= lastSaved; i++) expect(message.content).toContain(`chunk ${i} `);
  });

  it("migrates a v1 database, keeping every message and taking a backup first", () => {
    store.close();
    const file = path.join(dir, "old.db");
    const v1 = new Database(file);
    migrate(v1, { target: 1 });
    v1.prepare("INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c1', '旧的对话', 1, 1)").run();
    v1.prepare(
      "INSERT INTO messages (id, conversation_id, parent_id, role, content, status, created_at, updated_at) VALUES ('m1', 'c1', NULL, 'user', '求面积', 'complete', 1, 1)",
    ).run();
    v1.prepare("UPDATE conversations SET active_leaf_id = 'm1'").run();
    v1.close();
    store = HistoryStore.openFile(file);
    expect(store.migratedFrom).toBe(1);
    expect(store.getThread("c1").messages.map((m) => m.content)).toEqual(["求面积"]);
    expect(store.search("面积")[0]?.messageId).toBe("m1");
    expect(store.search("积 求")[0]?.messageId).toBe("m1"); // the short grams filled from the existing rows
    expect(store.search("旧")[0]?.role).toBe("title");
    expect(readdirSync(dir).some((f) => f.startsWith("old.db.v1-backup-"))).toBe(true);
    const reopened = new Database(file);
    expect((reopened.prepare("PRAGMA user_version").get() as { user_version: number }).user_version).toBe(
      LATEST_VERSION,
    );
    reopened.close();
  });

  it("moves a corrupt database aside with a clear notice and starts a fresh one", () => {
    const c = store.createConversation({ title: "lost?" });
    store.close();
    const file = path.join(dir, "history.db");
    writeFileSync(file, Buffer.alloc(8192, 0x41)); // not a database any more
    store = HistoryStore.open(dir);
    expect(store.notice).toMatch(/could not be read.*moved to history\.db\.corrupt-.*Nothing was deleted/);
    expect(store.getConversation(c.id)).toBeNull();
    expect(store.listConversations()).toEqual([]);
    const aside = readdirSync(dir).find((f) => f.startsWith("history.db.corrupt-"));
    expect(aside && existsSync(path.join(dir, aside))).toBe(true);
  });

  it("exports to JSON and imports it back equal, as new conversations", async () => {
    const c = store.createConversation({ title: "Round trip", settings: { temperature: 0.3 } });
    const { user } = ask(c.id, null, "Q", "A with $x^2$");
    const regen = store.addMessage({ conversationId: c.id, parentId: user.id, role: "assistant" });
    store.finishMessage(regen.id, {
      content: "stopped half",
      reasoning: "r",
      status: "stopped",
      metrics: {
        ttftMs: 1,
        ttfatMs: 2,
        totalMs: 3,
        promptTokens: 4,
        reasoningTokens: 5,
        answerTokens: 6,
        tokensPerSecond: 7,
      },
    });
    const exported = exportJson(store, [c.id]);
    const [newId] = await store.importJson(JSON.stringify(exported));
    expect(newId).not.toBe(c.id);
    const again = exportJson(store, [newId!]);
    const strip = (file: typeof exported) =>
      file.conversations.map(({ id: _i, activeLeafId, messages, ...rest }) => ({
        ...rest,
        activeLeaf: messages.find((m) => m.id === activeLeafId)?.content,
        messages: messages.map(({ id: _m, parentId, ...m }) => ({
          ...m,
          parent: messages.find((p) => p.id === parentId)?.content ?? null,
        })),
      }));
    expect(strip(again)).toEqual(strip(exported));
    expect(store.listConversations()).toHaveLength(2);
    expect(exportMarkdown(store, [c.id])).toContain("# Round trip");
    await expect(store.importJson(JSON.stringify({ format: "other", version: 9 }))).rejects.toThrow(
      /not an Inkstone history export/,
    );
  });
});
