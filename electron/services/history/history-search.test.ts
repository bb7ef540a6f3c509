import Database from "libsql";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { plan, searchHistory } from "./history-search.js";
import { migrate } from "./migrations.js";
import { indexStatements } from "./search-index.js";

let db: Database.Database;
let index: ReturnType<typeof indexStatements>;
let at = 0;
beforeEach(() => {
  db = new Database(":memory:");
  migrate(db);
  index = indexStatements(db);
  at = 0;
});
afterEach(() => db.close());

/** A conversation whose title is its only indexed text (the search reads titles like messages). */
function conversation(id: string, title: string, deleted = false) {
  at++;
  db.prepare("INSERT INTO conversations (id, title, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?)").run(
    id,
    title,
    at,
    at,
    deleted ? at : null,
  );
  index(id, null, "title", title);
}

describe("history search", () => {
  it("returns every conversation holding all the words across pages of newer partial matches, newest first", () => {
    db.exec("BEGIN");
    conversation("oldest", "rectangle width 1");
    conversation("old", "rectangle width 2");
    conversation("gone", "rectangle width 3", true);
    // 2,000 newer texts holding only "rectangle": the candidates come in pages of 256, 512, 1,024 and 2,048
    for (let i = 0; i < 2000; i++) conversation(`partial-${i}`, `rectangle ${i}`);
    conversation("newest", "width and rectangle");
    db.exec("COMMIT");
    const ids = (query: string, limit = 30) => searchHistory(db, query, limit).map((h) => h.conversationId);
    expect(ids("rectangle width")).toEqual(["newest", "old", "oldest"]);
    expect(ids("WIDTH rectangle", 2)).toEqual(["newest", "old"]);
    expect(ids("rectangle 1999 width")).toEqual([]);
    expect(ids("rectangle", 200)).toHaveLength(200);
  });

  it("lets a rare short word lead a mixed query even beside a common one", () => {
    db.exec("BEGIN");
    for (let i = 0; i < 2000; i++) conversation(`x-${i}`, `x marks rectangle ${i}`);
    conversation("rare", "rectangle qz x");
    db.exec("COMMIT");
    // "x" is in 2,001 texts, "qz" in one: reading the short-gram index for both reads one row, not 2,001
    expect(plan(db, ["rectangle", "qz", "x"]).sql).toMatch(/FROM search_short/);
    expect(plan(db, ["rectangle", "x"]).sql).not.toMatch(/FROM search_short/);
    expect(searchHistory(db, "x rectangle qz", 30).map((h) => h.conversationId)).toEqual(["rare"]);
  });
});
