import { expect, type Page, test } from "@playwright/test";
import {
  ENGLISH_PHOTO_TEXT,
  makeEncryptedPdf,
  makePdf,
  renderTextPhotos,
} from "../scripts/fixtures/document-fixtures.js";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { startWebApp, type WebApp } from "./web-app.js";

let app: WebApp;
test.beforeEach(async () => {
  app = await startWebApp({ models: { "scripted.gguf": ensureModel({ kind: "scripted" }) } });
});
test.afterEach(async () => {
  await app.stop();
});

async function loadScriptedModel(page: Page) {
  await page.goto(app.url);
  await page.getByRole("navigation").getByRole("button", { name: "Models" }).click();
  await page
    .getByTestId("model-card")
    .filter({ hasText: "scripted.gguf" })
    .getByRole("button", { name: "Load", exact: true })
    .click();
  await expect(page.getByText("Loaded", { exact: true })).toBeVisible();
  await page.getByRole("navigation").getByRole("button", { name: "Chat" }).click();
}

const attach = (page: Page, name: string, buffer: Uint8Array) =>
  page.getByLabel("Attach").setInputFiles({ name, mimeType: "application/octet-stream", buffer: Buffer.from(buffer) });

test("attach a PDF: the pages-used chip and the scripted answer; each bad file is refused alone", async ({
  page,
}, testInfo) => {
  await loadScriptedModel(page);
  await expect(page.getByText("PDF, Word, TXT/MD, PNG/JPG · up to 50 MB and 300 pages")).toBeVisible();

  await attach(
    page,
    "geometry.pdf",
    await makePdf(["Units and measurement.", "The rectangle is 10 cm wide and 15 cm long.", "Circles."]),
  );
  await expect(page.getByTestId("attachments")).toContainText("geometry.pdf · 3 pages");

  const alert = page.getByTestId("attachments").getByRole("alert");
  const refusals: [string, Uint8Array, string][] = [
    ["broken.docx", new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9, 9]), "broken.docx is damaged and could not be read."],
    ["locked.pdf", makeEncryptedPdf(), "locked.pdf is protected with a password."],
    ["book.pdf", await makePdf(["first"], 499), "book.pdf has 500 pages; Inkstone reads at most 300."],
    ["notes.txt", new Uint8Array(), "notes.txt is empty."],
    ["setup.exe", new Uint8Array([0x4d, 0x5a, 0x90, 0]), "Inkstone cannot read setup.exe"],
  ];
  for (const [name, bytes, message] of refusals) {
    await attach(page, name, bytes);
    await expect(alert).toContainText(message);
    // the file read before is still attached
    await expect(page.getByTestId("attachments")).toContainText("geometry.pdf · 3 pages");
  }
  await page.screenshot({ path: testInfo.outputPath("documents-refused.png") });

  await page.getByLabel("Message").fill("What is the rectangle's area?");
  await page.getByLabel("Message").press("Enter");
  await expect(page.getByTestId("assistant-message").last()).toHaveAttribute("data-status", "complete");
  await expect(page.getByTestId("pages-used")).toHaveText("geometry.pdf · pages used: 1, 2, 3");
  await expect(page.getByTestId("answer").last()).toContainText("答案:面积是 150 平方厘米。");
  // the answer's citation opens the page it cites
  await page.getByRole("button", { name: "Show the source of page 2" }).click();
  await expect(page.getByRole("dialog", { name: "Source: geometry.pdf, page 2" })).toContainText(
    "The rectangle is 10 cm wide and 15 cm long.",
  );
  await page.screenshot({ path: testInfo.outputPath("documents.png") });
  await page.getByRole("button", { name: "Close the source" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

test("a photo of a worksheet is read offline with OCR and goes with the question", async ({ page }, testInfo) => {
  const [photo] = await renderTextPhotos([ENGLISH_PHOTO_TEXT]);
  await loadScriptedModel(page);
  await attach(page, "worksheet.png", photo!);
  await expect(page.getByTestId("attachments")).toContainText("worksheet.png · 1 page · text read by OCR");
  await page.getByLabel("Message").fill("Solve question 3.");
  await page.getByLabel("Message").press("Enter");
  await expect(page.getByTestId("pages-used")).toHaveText("worksheet.png · pages used: 1");
  await expect(page.getByTestId("assistant-message").last()).toHaveAttribute("data-status", "complete");
  await page.screenshot({ path: testInfo.outputPath("documents-ocr.png") });
});

test("math mode: the boxed answer is highlighted and checked; a wrong one is flagged", async ({ page }, testInfo) => {
  await loadScriptedModel(page);
  await page.getByLabel("Mode").selectOption("math");
  await page.getByLabel("Message").fill("What is 15 × 10?");
  await page.getByLabel("Message").press("Enter");
  const finalAnswer = page.getByTestId("final-answer").last();
  await expect(finalAnswer).toHaveAttribute("data-check", "checked");
  await expect(finalAnswer).toContainText("Checked: 15 × 10 = 150 ✓");
  await page.getByLabel("Message").fill("What is 15 × 11?");
  await page.getByLabel("Message").press("Enter");
  await expect(page.getByTestId("final-answer").last()).toHaveAttribute("data-check", "does_not_check");
  await expect(page.getByTestId("final-answer").last()).toContainText("Does not check out: 15 × 11 = 165, not 150.");
  await page.screenshot({ path: testInfo.outputPath("math-mode.png") });
});

test("code and logic modes show their parts of the answer", async ({ page }) => {
  test.setTimeout(240_000); // Python's engine loads on first use
  await loadScriptedModel(page);
  await page.getByLabel("Mode").selectOption("code");
  await page.getByLabel("Message").fill("Write area(width, length).");
  await page.getByLabel("Message").press("Enter");
  const tests = page.getByRole("region", { name: "Code tests" });
  await expect(tests).toContainText("Code blocks: 1 (python)");
  // Python runs in the sandbox (Pyodide): the first run waits for its engine to load
  await tests.getByLabel("Tests, one per line").fill("area(2, 3) == 6\narea(2, 3) == 7");
  await tests.getByRole("button", { name: "Run tests" }).click();
  await expect(tests.getByTestId("test-summary")).toHaveText("1 of 2 tests passed", { timeout: 120_000 });
  await expect(tests.getByTestId("test-result").nth(1)).toContainText("returned false");
  await page.getByLabel("Mode").selectOption("logic");
  await page.getByLabel("Message").fill("All squares are rectangles. Is every rectangle a square?");
  await page.getByLabel("Message").press("Enter");
  await expect(page.getByTestId("assistant-message").last()).toHaveAttribute("data-status", "complete");
  await expect(page.getByTestId("verdict").last()).toHaveText(
    "The answer states no verdict (yes / no / cannot be determined).",
  );
});
