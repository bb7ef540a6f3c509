import { expect, test } from "@playwright/test";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { startWebApp, type WebApp } from "./web-app.js";

let app: WebApp;
test.beforeEach(async () => {
  app = await startWebApp({
    models: { "scripted.gguf": ensureModel({ kind: "scripted" }) },
    env: { INKSTONE_ENGINE_THREADS: "1" },
  });
});
test.afterEach(async () => {
  await app.stop();
});

test("Math mode checks with 3 attempts: 3 of 3 agree on 150, each attempt openable", async ({ page }) => {
  await page.goto(app.url);
  await page.getByRole("navigation").getByRole("button", { name: "Models" }).click();
  const row = page.getByTestId("model-card").filter({ hasText: "scripted.gguf" });
  await row.getByRole("button", { name: "Load", exact: true }).click();
  await expect(row.getByText("Loaded")).toBeVisible({ timeout: 60_000 });
  await page.getByRole("navigation").getByRole("button", { name: "Chat" }).click();
  await page.getByLabel("Mode").selectOption("math");
  await page.getByLabel("Check with N attempts").selectOption("3");
  const composer = page.getByLabel("Message");
  await composer.fill("A rectangle's length is 5 cm more than its width; its perimeter is 50 cm. Its area?");
  await composer.press("Enter");
  const answer = page.getByTestId("assistant-message").last();
  await expect(answer).toHaveAttribute("data-status", "complete", { timeout: 60_000 });
  await expect(answer.getByTestId("agreement-summary")).toHaveText("3 of 3 attempts agree · 150");
  // the majority's answer is the one shown
  await expect(answer.getByTestId("answer")).toContainText("Width: 10 cm");
  const attempts = answer.getByTestId("attempt");
  await expect(attempts).toHaveCount(3);
  await attempts.nth(2).locator("summary").first().click();
  await expect(attempts.nth(2)).toContainText("Attempt 3 · 150 · finished");
  await expect(attempts.nth(2).getByText("Length: 15 cm")).toBeVisible();
  // stored with the message: still there after the conversation is opened again
  await page.reload();
  await page.locator(".conversation-open").first().click();
  await expect(page.getByTestId("agreement-summary")).toHaveText("3 of 3 attempts agree · 150");
});

test("Evaluate: a 'majority of 3' column beside single attempts, each attempt with its agreement", async ({ page }) => {
  await page.goto(app.url);
  await page.getByRole("navigation").getByRole("button", { name: "Evaluate" }).click();
  await page.getByText("Your suites").click();
  await page.getByLabel("Suite JSON").fill(
    JSON.stringify({
      format: "inkstone-suite",
      version: 1,
      id: "two",
      name: "Two",
      tasks: [
        { id: "area", category: "math", prompt: "面积?", checker: { type: "number", expected: 150 } },
        { id: "sum", category: "math", prompt: "2 + 5?", checker: { type: "number", expected: 7 } },
      ],
    }),
  );
  await page.getByRole("button", { name: "Save suite" }).click();
  await page.getByRole("combobox", { name: /^Suite/ }).selectOption("two");
  await page.getByLabel("scripted.gguf").check();
  await page.getByLabel("Runs per task").fill("1");
  await page.getByLabel("Also check by majority").selectOption("3");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const table = page.getByTestId("results-table");
  await expect(table).toBeVisible({ timeout: 90_000 });
  await expect(table.locator("tr", { hasText: "area" }).filter({ hasText: "majority of 3" })).toContainText("100%");
  await expect(table.locator("tr.overall").filter({ hasText: "majority of 3" })).toContainText("50%");
  await page.getByTestId("attempts").locator("summary").click();
  const majority = page.getByTestId("attempt-row").filter({ hasText: "majority of 3" });
  await expect(majority).toHaveCount(2);
  await expect(majority.first().getByTestId("attempt-agreement")).toHaveText("· 3 of 3 attempts agree");
});
