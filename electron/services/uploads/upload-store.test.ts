import { existsSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UPLOAD_LIMITS } from "../../shared/contract/uploads.js";
import { InkstoneError } from "../../shared/contract-kit.js";
import { UploadStore } from "./upload-store.js";

let dir: string;
let store: UploadStore;
let clock = 0;
beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(os.tmpdir(), "inkstone-uploads-")), "uploads");
  clock = 1_000;
  store = await UploadStore.open({ dir, idleMs: 60_000, now: () => clock });
});
afterEach(async () => {
  await store.close();
  await rm(path.dirname(dir), { recursive: true, force: true });
});

const b64 = (text: string) => Buffer.from(text).toString("base64");
async function refusal(run: Promise<unknown>): Promise<InkstoneError> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InkstoneError);
  return error as InkstoneError;
}

describe("uploads", () => {
  it("puts chunks together on disk, gives the file once to its use, then deletes it", async () => {
    const { uploadId } = await store.begin("history", 11);
    expect(await store.append(uploadId, 0, b64("hello "))).toEqual({ received: 6 });
    expect(await store.append(uploadId, 6, b64("world"))).toEqual({ received: 11 });
    let seen = "";
    const result = await store.use(uploadId, "history", async (file) => {
      seen = await readFile(file, "utf8");
      return 42;
    });
    expect(seen).toBe("hello world");
    expect(result).toBe(42);
    expect(readdirSync(dir)).toEqual([]);
    expect((await refusal(store.use(uploadId, "history", async () => 0))).code).toBe("not_found");
  });

  it("deletes the file even when its use fails", async () => {
    const { uploadId } = await store.begin("document", 2);
    await store.append(uploadId, 0, b64("ab"));
    await expect(
      store.use(uploadId, "document", async () => {
        throw new Error("damaged");
      }),
    ).rejects.toThrow("damaged");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses a file over its purpose's limit before anything is written, with the size", async () => {
    const error = await refusal(store.begin("document", UPLOAD_LIMITS.document + 1));
    expect(error.code).toBe("invalid_request");
    expect(error.details).toMatchObject({ reason: "too_large", megabytes: 50 });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses a chunk out of place, more data than announced, an incomplete file and another purpose", async () => {
    const { uploadId } = await store.begin("document", 4);
    expect((await refusal(store.append(uploadId, 2, b64("cd")))).message).toMatch(/went missing/);
    await store.append(uploadId, 0, b64("ab"));
    expect((await refusal(store.append(uploadId, 2, b64("cde")))).message).toMatch(/More data/);
    expect((await refusal(store.use(uploadId, "document", async () => 0))).message).toMatch(/incomplete \(2 of 4/);
    await store.append(uploadId, 2, b64("cd"));
    expect((await refusal(store.use(uploadId, "history", async () => 0))).message).toMatch(/something else/);
  });

  it("keeps chunks sent without waiting in order", async () => {
    const { uploadId } = await store.begin("history", 6);
    await Promise.all([store.append(uploadId, 0, b64("ab")), store.append(uploadId, 2, b64("cd"))]);
    await store.append(uploadId, 4, b64("ef"));
    expect(await store.use(uploadId, "history", (file) => readFile(file, "utf8"))).toBe("abcdef");
  });

  it("drops a discarded upload and bounds how many are open at once", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await store.begin("document", 1)).uploadId);
    expect((await refusal(store.begin("document", 1))).code).toBe("busy");
    await store.discard(ids[0]!);
    expect(store.open).toBe(7);
    expect(readdirSync(dir)).toHaveLength(7);
    await store.begin("document", 1);
  });

  it("empties what an earlier run left behind when it opens", async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "stale.part"), "x");
    const reopened = await UploadStore.open({ dir });
    expect(existsSync(path.join(dir, "stale.part"))).toBe(false);
    await reopened.close();
  });
});
