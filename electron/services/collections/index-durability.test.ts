/** The collection index's writes: off the main thread, durable when they say so. */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openIndexReader } from "./collection-database.js";
import { CollectionIndex } from "./collection-index.js";
import { IndexWriter } from "./index-writer-client.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "inkstone-index-writer-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("the collection index writer", () => {
  it("commits a 20,000-passage batch in its own thread while the main thread's timers keep running", async () => {
    const file = path.join(root, "big.db");
    const writer = new IndexWriter();
    try {
      await writer.open(file);
      await writer.write(file, {
        type: "files",
        remove: [],
        upsert: [{ path: "/course/book.pdf", name: "book.pdf", size: 1, mtimeMs: 1 }],
      });
      const words = "rectangle triangle circle area volume pressure energy density river melting".split(" ");
      const passages = Array.from({ length: 20_000 }, (_, i) => {
        const text = Array.from({ length: 60 }, (_, w) => words[(i * 7 + w * 3) % words.length]).join(" ");
        return {
          page: 1 + Math.floor(i / 4),
          para: 1 + (i % 4),
          text: `${text} marker${i}`,
          terms: `${text} marker${i}`,
        };
      });

      // a 5 ms timer: were the commit on this thread, not one tick could run until it returned
      let ticks = 0;
      let maxLag = 0;
      let last = performance.now();
      const timer = setInterval(() => {
        const now = performance.now();
        maxLag = Math.max(maxLag, now - last - 5);
        last = now;
        ticks++;
      }, 5);
      const started = performance.now();
      await writer.write(file, { type: "indexed", fileId: 1, pages: 5000, ocrPages: 0, passages });
      const commitMs = performance.now() - started;
      const ticksDuring = ticks;
      clearInterval(timer);

      expect(ticksDuring).toBeGreaterThanOrEqual(5);
      // the longest the main thread was kept from its timer is a small part of the commit
      expect(maxLag).toBeLessThan(commitMs / 2);
      const index = new CollectionIndex(openIndexReader(file));
      expect(index.stats()).toMatchObject({ files: 1, pages: 5000, passages: 20_000 });
      expect(index.search("marker12345")[0]?.text).toMatch(/marker12345$/);
      index.close();
    } finally {
      await writer.close();
    }
  });

  it("keeps what was indexed before the durable point when its process is killed with SIGKILL", async () => {
    const file = path.join(root, "killed.db");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "test-fixtures", "index-writer-child.ts"), file],
      { stdio: ["ignore", "pipe", "inherit"], detached: true },
    );
    const syncs = await new Promise<number>((resolve, reject) => {
      let output = "";
      const timer = setTimeout(() => reject(new Error(`no durable point: ${output}`)), 60_000);
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const durable = output.match(/durable (\d+)/);
        if (durable) {
          clearTimeout(timer);
          resolve(Number(durable[1]));
        }
      });
    }).finally(() => process.kill(-child.pid!, "SIGKILL")); // mid-write: the writer is still committing more
    await new Promise((resolve) => child.once("exit", resolve));
    expect(syncs).toBeGreaterThanOrEqual(1); // the durable point was an fsync of the WAL

    const writer = new IndexWriter();
    try {
      await writer.open(file); // recovery and the quick check, in the writer
      const index = new CollectionIndex(openIndexReader(file));
      const kept = index.files().find((f) => f.name === "kept.md");
      expect(kept).toMatchObject({ state: "indexed", pages: 100 });
      expect(index.search("p499")[0]?.text).toBe("durable passage 499");
      expect(index.stats().passages).toBe(500);
      index.close();
    } finally {
      await writer.close();
    }
  });
});
