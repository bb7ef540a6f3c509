import { expect, test } from "@playwright/test";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { startWebApp, type WebApp } from "./web-app.js";

let app: WebApp;
test.beforeEach(async () => {
  app = await startWebApp({ models: { "scripted.gguf": ensureModel({ kind: "scripted" }) } });
});
test.afterEach(async () => {
  await app.stop();
});

async function geometryPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of ["Units and measurement.", "The rectangle is 10 cm wide and 15 cm long.", "Circles."]) {
    doc.addPage().drawText(text, { x: 50, y: 700, size: 12, font });
  }
  return Buffer.from(await doc.save());
}

test("attach a PDF: the pages-used chip and the scripted answer; a damaged file is refused alone", async ({
  page,
}, testInfo) => {
  await page.goto(app.url);
  await page.getByRole("navigation").getByRole("button", { name: "Models" }).click();
  await page
    .getByTestId("model-card")
    .filter({ hasText: "scripted.gguf" })
    .getByRole("button", { name: "Load", exact: true })
    .click();
  await expect(page.getByText("Loaded", { exact: true })).toBeVisible();
  await page.getByRole("navigation").getByRole("button", { name: "Chat" }).click();

  await page.getByLabel("Attach").setInputFiles({
    name: "broken.docx",
    mimeType: "application/octet-stream",
    buffer: Buffer.from([0x50, 0x4b, 3, 4, 9, 9, 9, 9]),
  });
  await expect(page.getByTestId("attachments").getByRole("alert")).toContainText(
    "broken.docx: This Word document is damaged",
  );

  await page
    .getByLabel("Attach")
    .setInputFiles({ name: "geometry.pdf", mimeType: "application/pdf", buffer: await geometryPdf() });
  await expect(page.getByTestId("attachments")).toContainText("geometry.pdf · 3 pages");
  await page.getByLabel("Message").fill("What is the rectangle's area?");
  await page.getByLabel("Message").press("Enter");
  await expect(page.getByTestId("assistant-message").last()).toHaveAttribute("data-status", "complete");
  await expect(page.getByTestId("pages-used")).toHaveText("geometry.pdf · pages used: 1, 2, 3");
  await expect(page.getByTestId("answer").last()).toContainText("答案:面积是 150 平方厘米。");
  await page.screenshot({ path: testInfo.outputPath("documents.png") });
});
