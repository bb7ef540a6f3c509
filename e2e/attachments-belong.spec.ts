/** Issue 17, item 1: a file goes with the question it was attached for, and with no other. */
import path from "node:path";
import { expect, test } from "@playwright/test";
import Database from "libsql";
import { ENGLISH_PHOTO_TEXT, makePdf, renderTextPhotos } from "../scripts/fixtures/document-fixtures.js";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { answered, ask, attachFile, keepScreenshot, loadModel } from "./new-user.js";
import { startWebApp, type WebApp } from "./web-app.js";

let app: WebApp;
test.beforeEach(async () => {
  app = await startWebApp({ models: { "scripted.gguf": ensureModel({ kind: "scripted" }) } });
});
test.afterEach(async () => {
  await app.stop();
});

test("while a photo is being read Send waits and Enter sends nothing; then the question goes with it", async ({
  page,
}) => {
  const [photo] = await renderTextPhotos([ENGLISH_PHOTO_TEXT]);
  await page.goto(app.url);
  await loadModel(page, "scripted.gguf");
  await attachFile(page, "worksheet.png", photo!);
  await page.getByLabel("Message").fill("Solve question 3.");
  await page.getByLabel("Message").press("Enter");
  const send = page.getByTestId("send");
  await expect(send).toBeDisabled();
  await expect(send).toHaveText(/^Reading worksheet\.png…/);
  await keepScreenshot(page, "chat-reading-attachment");
  // nothing was sent, and the question is still in the composer
  await expect(page.getByTestId("user-message")).toHaveCount(0);
  await expect(page.getByLabel("Message")).toHaveValue("Solve question 3.");
  await expect(page.getByTestId("attachments")).toContainText("worksheet.png · 1 page · text read by OCR", {
    timeout: 60_000,
  });
  await expect(send).toBeEnabled();
  await expect(send).toHaveText("Send");
  await page.getByLabel("Message").press("Enter");
  await expect(page.getByTestId("user-message").getByTestId("pages-used")).toHaveText("worksheet.png · pages used: 1");
  await answered(page);
});

test("New chat, opening another conversation and deleting this one clear what was attached", async ({ page }) => {
  const pdf = await makePdf(["The rectangle is 10 cm wide and 15 cm long."]);
  await page.goto(app.url);
  await loadModel(page, "scripted.gguf");
  await ask(page, "First conversation");
  await answered(page);

  // New chat: the worksheet attached in the first conversation does not go with the next question
  await attachFile(page, "worksheet.pdf", pdf);
  await expect(page.getByTestId("attachments")).toContainText("worksheet.pdf");
  await page.getByRole("button", { name: "New chat" }).click();
  await expect(page.getByTestId("attachments")).toHaveCount(0);
  await ask(page, "What is 15 × 10?");
  await answered(page);
  await expect(page.getByTestId("user-message")).toHaveCount(1);
  await expect(page.getByTestId("pages-used")).toHaveCount(0);

  // opening another conversation: the pending file stays behind, and does not come back
  await attachFile(page, "worksheet.pdf", pdf);
  await expect(page.getByTestId("attachments")).toContainText("worksheet.pdf");
  await page.locator(".conversation-open", { hasText: "First conversation" }).click();
  await expect(page.getByTestId("user-message")).toContainText("First conversation");
  await expect(page.getByTestId("attachments")).toHaveCount(0);
  await page.locator(".conversation-open", { hasText: "What is 15 × 10?" }).click();
  await expect(page.getByTestId("attachments")).toHaveCount(0);

  // deleting the open conversation
  await attachFile(page, "worksheet.pdf", pdf);
  await expect(page.getByTestId("attachments")).toContainText("worksheet.pdf");
  await page
    .locator(".conversation-row", { hasText: "What is 15 × 10?" })
    .getByRole("button", { name: "Delete" })
    .click();
  await expect(page.getByTestId("attachments")).toHaveCount(0);

  // a file still being read when New chat is pressed is dropped, not attached later
  const [photo] = await renderTextPhotos([ENGLISH_PHOTO_TEXT]);
  await attachFile(page, "late.png", photo!);
  await expect(page.getByTestId("attachment-progress")).toBeVisible();
  await page.getByRole("button", { name: "New chat" }).click();
  await expect(page.getByTestId("attachments")).toHaveCount(0);
  await ask(page, "Second question");
  await answered(page);
  await page.waitForTimeout(500);
  await expect(page.getByTestId("attachments")).toHaveCount(0);
  await expect(page.getByTestId("pages-used")).toHaveCount(0);

  // and in the database: only the question asked with a file has one
  const db = new Database(path.join(app.dataDir, "history.db"), { readonly: true });
  const rows = db
    .prepare("SELECT content, attachments FROM messages WHERE role = 'user' ORDER BY created_at")
    .all() as {
    content: string;
    attachments: string;
  }[];
  db.close();
  expect(rows.map((r) => [r.content, JSON.parse(r.attachments).length])).toEqual([
    ["First conversation", 0],
    ["What is 15 × 10?", 0],
    ["Second question", 0],
  ]);
});
