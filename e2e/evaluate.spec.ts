import { expect, test } from "@playwright/test";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { startWebApp, type WebApp } from "./web-app.js";

let app: WebApp;
test.beforeEach(async () => {
  app = await startWebApp({ models: { "scripted.gguf": ensureModel({ kind: "scripted" }) } });
});
test.afterEach(async () => {
  await app.stop();
});

test("run the seed suite on the scripted model: results table and charts", async ({ page }, testInfo) => {
  await page.goto(app.url);
  await page.getByRole("navigation").getByRole("button", { name: "Evaluate" }).click();
  await page.getByLabel("scripted.gguf").check();
  await page.getByLabel("Runs per task").fill("1");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByTestId("eval-progress")).toBeVisible();
  const table = page.getByTestId("results-table");
  await expect(table).toBeVisible({ timeout: 90_000 });
  await expect(table.locator("tr", { hasText: "math-rectangle-zh" })).toContainText("100%");
  await expect(table.locator("tr.overall")).toContainText("3%"); // 1 of 33
  await expect(page.getByTestId("accuracy-chart").locator("rect")).toHaveCount(3);
  await expect(page.getByTestId("latency-chart")).toBeVisible();
  // each attempt shows what was read as its final answer, so a wrong one can be understood
  await page.getByTestId("attempts").locator("summary").click();
  const train = page.getByTestId("attempt-row").filter({ hasText: "math-train-en" });
  await expect(train).toContainText("✗ wrong");
  await expect(train).toContainText("150");
  await expect(train).toContainText("expected 72");
  await page.screenshot({ path: testInfo.outputPath("evaluate.png"), fullPage: true });
});
