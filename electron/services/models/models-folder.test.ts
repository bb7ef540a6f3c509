import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ModelsFolder } from "./models-folder.js";

describe("models folder", () => {
  it("moves every model to a new folder and switches to it; partial downloads stay", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "inkstone-folder-"));
    const folder = new ModelsFolder(path.join(root, "old"));
    await folder.list(); // creates it
    writeFileSync(path.join(root, "old", "a.gguf"), "AAAA");
    writeFileSync(path.join(root, "old", "b.gguf"), "BBBBBB");
    writeFileSync(path.join(root, "old", "c.gguf.part"), "CC");
    await folder.moveTo(path.join(root, "new"));
    expect(folder.dir).toBe(path.join(root, "new"));
    expect((await folder.list()).map((f) => [f.name, f.size])).toEqual([
      ["a.gguf", 4],
      ["b.gguf", 6],
    ]);
    expect(readFileSync(path.join(root, "new", "b.gguf"), "utf8")).toBe("BBBBBB");
    expect(existsSync(path.join(root, "old", "a.gguf"))).toBe(false);
    expect(existsSync(path.join(root, "old", "c.gguf.part"))).toBe(true);
    await rm(root, { recursive: true, force: true });
  });

  it("never overwrites a file already in the target, and keeps the originals", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "inkstone-folder-"));
    const folder = new ModelsFolder(path.join(root, "old"));
    await folder.list();
    writeFileSync(path.join(root, "old", "a.gguf"), "mine");
    const target = new ModelsFolder(path.join(root, "new"));
    await target.list();
    writeFileSync(path.join(root, "new", "a.gguf"), "other");
    await expect(folder.moveTo(path.join(root, "new"))).rejects.toThrow(/already exists/);
    expect(readFileSync(path.join(root, "old", "a.gguf"), "utf8")).toBe("mine");
    expect(readFileSync(path.join(root, "new", "a.gguf"), "utf8")).toBe("other");
    expect(folder.dir).toBe(path.join(root, "old"));
    await expect(folder.moveTo("relative/path")).rejects.toThrow(/full path/);
    await rm(root, { recursive: true, force: true });
  });

  it("refuses names that would leave the folder", () => {
    const folder = new ModelsFolder("/tmp/models");
    for (const bad of ["../x.gguf", "/etc/passwd", ".hidden", ""]) expect(() => folder.resolve(bad), bad).toThrow();
    expect(folder.resolve("a.gguf")).toBe("/tmp/models/a.gguf");
  });
});
