/** Steps a new user takes in web mode, shared by the issue-17 specs, and the screenshots they keep. */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

/** Screenshots kept as test artifacts (gitignored), one file per screen and language. */
export const SCREENS_DIR = path.resolve("e2e-artifacts", "screens");

export async function keepScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const language = await page.evaluate(() => document.documentElement.lang || "en");
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.${language}.png`), fullPage: true });
}

export async function goTo(page: Page, screen: RegExp | string): Promise<void> {
  await page.getByRole("navigation").getByRole("button", { name: screen }).click();
}

export async function loadModel(page: Page, file: string): Promise<void> {
  await goTo(page, /^(Models|模型)$/);
  const card = page.getByTestId("model-card").filter({ hasText: file });
  await card.getByRole("button", { name: /^(Load|加载)$/ }).click();
  await expect(card.locator(".badge.ok")).toBeVisible({ timeout: 60_000 });
  await goTo(page, /^(Chat|对话)$/);
}

export async function ask(page: Page, text: string): Promise<void> {
  await page.getByLabel(/^(Message|消息)$/).fill(text);
  await page.getByLabel(/^(Message|消息)$/).press("Enter");
}

export const attachFile = (page: Page, name: string, bytes: Uint8Array) =>
  page
    .getByLabel(/^(Attach|附件)$/)
    .setInputFiles({ name, mimeType: "application/octet-stream", buffer: Buffer.from(bytes) });

/** Waits for the last answer to end (generous: the generated model is slow on a busy 2-core machine). */
export async function answered(page: Page, status = "complete"): Promise<void> {
  await expect(page.getByTestId("assistant-message").last()).toHaveAttribute("data-status", status, {
    timeout: 90_000,
  });
}
