import { describe, expect, it } from "vitest";
import type { IndexPool } from "./index-pool.js";
import { readForIndex } from "./read-for-index.js";

function fakePool(outcome: Awaited<ReturnType<IndexPool["run"]>>) {
  const tasks: Parameters<IndexPool["run"]>[0][] = [];
  const pool: Pick<IndexPool, "run"> = {
    run: async (task) => {
      tasks.push(task);
      return outcome;
    },
  };
  return { pool, tasks };
}

const options = () => ({
  langDir: Promise.resolve("/langs"),
  signal: new AbortController().signal,
  timing: { readMs: 1, extractMs: 1, passagesMs: 1 },
  onProgress: () => {},
});

describe("readForIndex", () => {
  it("fails a file of a kind Inkstone does not read, naming it, without a worker", async () => {
    const { pool, tasks } = fakePool(null);
    const write = await readForIndex(pool, { id: 7, name: "notes/song.mp3", path: "/c/notes/song.mp3" }, options());
    expect(write).toMatchObject({ type: "failed", fileId: 7, reason: "unsupported" });
    expect(write?.type === "failed" && write.message).toContain("song.mp3");
    expect(tasks).toHaveLength(0);
  });

  it("stores what the worker read and adds its time", async () => {
    const { pool, tasks } = fakePool({
      type: "done",
      id: 1,
      kind: "pdf",
      pages: 3,
      ocrPages: 1,
      passages: [],
      timing: { readMs: 2, extractMs: 3, passagesMs: 4 },
    });
    const opts = options();
    const write = await readForIndex(pool, { id: 5, name: "a/b.pdf", path: "/c/a/b.pdf" }, opts);
    expect(write).toEqual({ type: "indexed", fileId: 5, pages: 3, ocrPages: 1, passages: [] });
    expect(tasks[0]).toEqual({ path: "/c/a/b.pdf", name: "b.pdf", langDir: "/langs" });
    expect(opts.timing).toEqual({ readMs: 3, extractMs: 4, passagesMs: 5 });
  });

  it("passes a worker's failure on, and nothing when the run was cancelled", async () => {
    const failed = fakePool({ type: "failed", id: 1, reason: "too_large", message: "This file is 900 MB" });
    expect(await readForIndex(failed.pool, { id: 2, name: "x.pdf", path: "/x.pdf" }, options())).toEqual({
      type: "failed",
      fileId: 2,
      reason: "too_large",
      message: "This file is 900 MB",
    });
    const cancelled = fakePool(null);
    expect(await readForIndex(cancelled.pool, { id: 3, name: "y.txt", path: "/y.txt" }, options())).toBeNull();
  });
});
