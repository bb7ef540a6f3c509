import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { makeCourseSet, writeFiles } from "../scripts/fixtures/collection-fixtures.js";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { startWebApp, type WebApp } from "./web-app.js";

let app: WebApp;
let folder: string;
test.beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), "inkstone-course-"));
  app = await startWebApp({ models: { "scripted.gguf": ensureModel({ kind: "scripted" }) } });
});
test.afterEach(async () => {
  await app.stop();
  await rm(folder, { recursive: true, force: true });
});

async function loadScriptedModel(page: Page) {
  await page.getByRole("navigation").getByRole("button", { name: "Models" }).click();
  await page
    .getByTestId("model-card")
    .filter({ hasText: "scripted.gguf" })
    .getByRole("button", { name: "Load", exact: true })
    .click();
  await expect(page.getByText("Loaded", { exact: true })).toBeVisible();
}

test.setTimeout(420_000);
test("a course folder of 30 files: indexed with the damaged one's reason; ask it; open a citation; exclude a file", async ({
  page,
}, testInfo) => {
  // 29 generated lecture files (PDF, DOCX, MD, TXT) and a damaged PDF, in a folder with a subfolder
  const set = await makeCourseSet({ language: "en", files: 29, pagesPerFile: 3, facts: 60, seed: 11 });
  await writeFiles(
    folder,
    set.files.map((f, i) => (i % 5 === 4 ? { ...f, name: `week ${i % 3}/${f.name}` } : f)),
  );
  await writeFile(path.join(folder, "damaged.pdf"), "%PDF-1.7\n garbage without objects");
  const fact = set.facts.find((f) => f.file === "lecture-01.pdf" && f.page === 2)!;

  await page.goto(app.url);
  await page.getByRole("navigation").getByRole("button", { name: "Collections" }).click();
  await page.getByLabel("Name").fill("Physics 101");
  await page.getByLabel("Folder, or files (one path per line)").fill(folder);
  await page.getByRole("button", { name: "Create and index" }).click();
  const card = page.getByTestId("collection").filter({ hasText: "Physics 101" });
  await expect(card.getByTestId("collection-summary")).toHaveText(/^30 files · \d+ pages · 1 failed$/, {
    timeout: 90_000,
  });
  await expect(card.getByTestId("collection-progress")).toHaveCount(0);
  const files = page.getByRole("table", { name: "Files of Physics 101" });
  await expect(files.getByTestId("collection-file")).toHaveCount(30);
  await expect(files.getByTestId("collection-file").filter({ hasText: "damaged.pdf" })).toContainText(
    "failed: damaged",
  );
  await expect(files.getByTestId("collection-file").filter({ hasText: "lecture-01.pdf" })).toContainText("3indexed");
  await page.screenshot({ path: testInfo.outputPath("collection.png") });

  await loadScriptedModel(page);
  await page.getByRole("navigation").getByRole("button", { name: "Chat" }).click();
  await page.getByLabel("Collection").selectOption({ label: "Physics 101" });
  await page.getByLabel("Message").fill(fact.question);
  await page.getByLabel("Message").press("Enter");
  await expect(page.getByTestId("assistant-message").last()).toHaveAttribute("data-status", "complete", {
    timeout: 120_000,
  });
  const usage = page.getByTestId("collection-usage").last();
  await expect(usage).toContainText(/Searched 29 files; used \d+ passages? from \d+ files?/);
  await expect(usage.getByTestId("collection-used-file").filter({ hasText: "lecture-01.pdf" })).toHaveCount(1);
  // the answer's citation [p. 2] opens the passage of page 2 that went in: the answer's own
  await page.getByRole("button", { name: "Show the source of page 2" }).click();
  const source = page.getByRole("dialog", { name: "Source: lecture-01.pdf, page 2" });
  await expect(source).toContainText(fact.sentence);
  await page.screenshot({ path: testInfo.outputPath("collection-answer.png") });
  await page.getByRole("button", { name: "Close the source" }).click();

  // excluded for the next question, the file is not searched nor used
  await usage.getByRole("button", { name: "Exclude lecture-01.pdf from the next question" }).click();
  await expect(page.getByTestId("next-question-files")).toHaveText("For the next question: 0 pinned, 1 excluded");
  await page.getByLabel("Message").fill(fact.question);
  await page.getByLabel("Message").press("Enter");
  await expect(page.getByTestId("assistant-message").last()).toHaveAttribute("data-status", "complete", {
    timeout: 120_000,
  });
  const next = page.getByTestId("collection-usage").last();
  await expect(next).toContainText(/Searched 28 files; used \d+ passages? from \d+ files?/);
  await expect(next.getByTestId("collection-used-file").filter({ hasText: "lecture-01.pdf" })).toHaveCount(0);
  await expect(page.getByTestId("next-question-files")).toHaveCount(0);
});
