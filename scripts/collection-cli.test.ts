/** `npm run -s collection -- …`: the interface scripts and checks rely on, run as a user runs it. */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let root: string;
let course: string;
let dataDir: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "inkstone-collection-cli-"));
  course = path.join(root, "course");
  dataDir = path.join(root, "data");
  await rm(course, { recursive: true, force: true });
  const { mkdir } = await import("node:fs/promises");
  await mkdir(path.join(course, "week 2"), { recursive: true });
  await writeFile(path.join(course, "notes.md"), "# Week 1\n\nThe rectangle is 10 cm wide and 4 cm tall.");
  await writeFile(
    path.join(course, "week 2", "circles.txt"),
    "A circle's circumference is two pi r.\n\nIts area is pi r squared.",
  );
  await writeFile(path.join(course, "broken.pdf"), "%PDF-1.7\n garbage without objects");
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs the CLI to its end; it and its children are killed as a group after 90 s. */
function cli(args: string[], viaNpm = false) {
  const [command, argv] = viaNpm
    ? ["npm", ["run", "-s", "collection", "--", ...args]]
    : [process.execPath, ["--import", "tsx", "scripts/collection-cli.ts", ...args]];
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 90_000);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe("npm run -s collection", () => {
  it("creates, searches, lists and deletes a collection with its exact output; the user's files stay", async () => {
    const created = await cli(["create", "Geometry", "--from", course, "--data-dir", dataDir], true);
    expect(created.code, created.stderr).toBe(0);
    // one line on stdout, exactly this JSON (progress goes to stderr)
    expect(created.stdout.trimEnd().split("\n")).toHaveLength(1);
    expect(created.stdout).toBe(
      `${JSON.stringify({ files: 3, pages: 2, failed: [{ file: "broken.pdf", reason: "corrupt" }] })}\n`,
    );
    expect(created.stderr).toMatch(/broken\.pdf: failed \(corrupt\)/);

    const found = await cli([
      "search",
      "Geometry",
      "circumference of a circle",
      "--k",
      "5",
      "--json",
      "--data-dir",
      dataDir,
    ]);
    expect(found.code, found.stderr).toBe(0);
    const passages = JSON.parse(found.stdout) as { file: string; page: number; text: string; score: number }[];
    expect(passages.length).toBeGreaterThan(0);
    expect(passages.length).toBeLessThanOrEqual(5);
    for (const p of passages) expect(Object.keys(p).sort()).toEqual(["file", "page", "score", "text"]);
    expect(passages[0]).toMatchObject({ file: "week 2/circles.txt", page: 1 });
    expect(passages[0]!.text).toContain("circumference is two pi r");
    expect(typeof passages[0]!.score).toBe("number");

    const listed = await cli(["list", "--json", "--data-dir", dataDir]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ name: "Geometry", files: 3, pages: 2, failed: 1 }]);

    const deleted = await cli(["delete", "Geometry", "--data-dir", dataDir]);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(JSON.parse(deleted.stdout)).toEqual({ deleted: "Geometry" });
    expect(await readdir(path.join(dataDir, "collections"))).toEqual([]);
    // the user's files are untouched
    expect(await readFile(path.join(course, "notes.md"), "utf8")).toContain("10 cm wide");
    expect((await readdir(course)).sort()).toEqual(["broken.pdf", "notes.md", "week 2"]);
    const gone = await cli(["search", "Geometry", "circle", "--json", "--data-dir", dataDir]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/no collection named "Geometry"/);
  });

  it("exits 2 with a message on bad usage", async () => {
    const runs = await Promise.all([
      cli(["create", "NoSource", "--data-dir", dataDir]),
      cli(["search", "Geometry", "circle", "--k", "zero", "--data-dir", dataDir]),
      cli(["frobnicate", "--data-dir", dataDir]),
      cli(["list", "--bogus", "--data-dir", dataDir]),
    ]);
    const [noSource, badK, unknown, badOption] = runs;
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/usage: collection create NAME --from DIR/);
    }
    expect(noSource!.stderr).toMatch(/create needs --from DIR/);
    expect(badK!.stderr).toMatch(/--k must be a whole number/);
    expect(unknown!.stderr).toMatch(/Unknown command "frobnicate"/);
    expect(badOption!.stderr).toMatch(/Unknown option '--bogus'/);
  });
});
