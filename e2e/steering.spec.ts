import { expect, type Page, test } from "@playwright/test";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { startWebApp, type WebApp } from "./web-app.js";

let app: WebApp;
test.beforeEach(async () => {
  app = await startWebApp({
    models: { "ruminating.gguf": ensureModel({ kind: "ruminating" }) },
    env: { INKSTONE_ENGINE_THREADS: "1" },
  });
});
test.afterEach(async () => {
  await app.stop();
});

async function loadModel(page: Page, name: string) {
  await page.getByRole("navigation").getByRole("button", { name: "Models" }).click();
  const row = page.getByTestId("model-card").filter({ hasText: name });
  await row.getByRole("button", { name: "Load", exact: true }).click();
  await expect(row.getByText("Loaded")).toBeVisible({ timeout: 60_000 });
  await page.getByRole("navigation").getByRole("button", { name: "Chat" }).click();
}

async function ask(page: Page, text: string) {
  const composer = page.getByLabel("Message");
  await composer.fill(text);
  await composer.press("Enter");
}

test("a loop is detected and shown, and Answer now answers in the same message", async ({ page }) => {
  await page.goto(app.url);
  await loadModel(page, "ruminating.gguf");
  await ask(page, "Which is larger, 9.11 or 9.8?");
  const answer = page.getByTestId("assistant-message").last();
  await expect(answer).toHaveAttribute("data-status", "stopped");
  await expect(answer.getByTestId("status-line")).toHaveText("Stopped: the model was repeating itself");
  await expect(answer.getByRole("button", { name: "Regenerate" })).toBeVisible();
  await answer.getByRole("button", { name: "Answer now" }).click();
  const answered = page.getByTestId("assistant-message").last();
  await expect(answered).toHaveAttribute("data-status", "complete");
  await expect(answered.getByTestId("answer")).toContainText("Width: 10 cm");
  await expect(answered.getByTestId("reasoning-cut")).toContainText("cut short");
  await expect(page.getByTestId("assistant-message")).toHaveCount(1);
  await expect(answered.getByTestId("reasoning-text")).toContainText("Time is up; I will answer with what I have.");
});

test("a thinking budget makes the model answer by itself when it is reached", async ({ page }) => {
  await page.goto(app.url);
  await loadModel(page, "ruminating.gguf");
  await page.getByRole("button", { name: "Conversation settings" }).click();
  await page.getByRole("combobox", { name: "Thinking budget" }).selectOption("custom");
  await page.getByLabel("Thinking budget (tokens)").fill("16");
  await ask(page, "Think, but not for long");
  const answer = page.getByTestId("assistant-message").last();
  await expect(answer).toHaveAttribute("data-status", "complete");
  await expect(answer.getByTestId("reasoning-cut")).toContainText("thinking budget reached");
  await expect(answer.getByTestId("answer")).toContainText("Width: 10 cm");
});
