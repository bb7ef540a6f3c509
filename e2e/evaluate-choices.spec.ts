/**
 * Issue 17, item 8: Evaluate runs 3 times per task by default and says how long a run will take before it starts
 * (from the loaded model's measured speed); the choices are kept when leaving the screen and across a restart;
 * the charts have axis titles with units and a legend, at a readable size; long model names are shortened.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { answered, ask, goTo, keepScreenshot, loadModel } from "./new-user.js";
import { startWebApp, type WebApp } from "./web-app.js";

const LONG = "my-very-long-finetuned-model-name-v2-Q5_K_S.gguf";
let dataDir: string;
let app: WebApp;
test.beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "inkstone-e2e-eval-"));
  app = await startWebApp({ dataDir, models: { [LONG]: ensureModel({ kind: "scripted" }) } });
});
test.afterEach(async () => {
  await app.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const SMALL_SUITE = {
  format: "inkstone-suite",
  version: 1,
  id: "small",
  name: "A suite with a long name that would not fit in a narrow column of the run list",
  description: "",
  tasks: [
    { id: "small-math", category: "math", prompt: "What is 15 × 10?", checker: { type: "number", expected: 150 } },
    { id: "small-logic", category: "logic", prompt: "Is 7 prime?", checker: { type: "verdict", expected: "yes" } },
  ],
};
const runs = (page: Page) => page.getByLabel("Runs per task");
const model = (page: Page) => page.getByLabel(LONG);

test("3 runs by default, a time estimate before starting, choices kept across visits and a restart", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto(app.url);
  await goTo(page, "Evaluate");
  await expect(runs(page)).toHaveValue("3");
  await model(page).check();
  // before the model ever answered there is no speed to estimate from, and the screen says so
  const estimate = page.getByTestId("eval-estimate");
  await expect(estimate).toContainText("99 answers"); // 33 tasks × 3 runs × 1 model
  await expect(estimate).toContainText("ask the model a question in the chat first");

  await loadModel(page, LONG);
  await ask(page, "What is 15 × 10?");
  await answered(page);
  await goTo(page, "Evaluate");
  // the choices survived leaving the screen; the estimate now rests on the loaded model's measured speed
  await expect(model(page)).toBeChecked();
  await expect(estimate).toContainText(/About (less than a minute|\d+ minutes?|\d+ h \d+ min) for 99 answers/);
  await expect(estimate).toContainText(/at \d+(\.\d)? tokens\/s, the loaded model's speed in the chat/);
  await runs(page).fill("2");
  await expect(estimate).toContainText("for 66 answers");
  await keepScreenshot(page, "evaluate-estimate");

  // a restart (same data folder): the choices are still there
  await app.stop();
  app = await startWebApp({ dataDir });
  await page.goto(app.url);
  await goTo(page, "Evaluate");
  await expect(runs(page)).toHaveValue("2");
  await expect(model(page)).toBeChecked();
  await expect(estimate).toContainText("66 answers");

  // in Chinese too
  await page.getByLabel("Language").selectOption("zh-CN");
  await expect(estimate).toContainText("共 66 个回答");
});

test("charts have axis titles with units and a legend, readable, with the long model name shortened", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto(app.url);
  await goTo(page, "Evaluate");
  // a small suite (a math and a logic task, twice): the charts need a finished run, not the whole seed suite
  await page.locator(".suite-editor summary").click();
  await page.getByLabel("Suite JSON").fill(JSON.stringify(SMALL_SUITE));
  await page.getByRole("button", { name: "Save suite" }).click();
  await page.locator("select", { has: page.locator('option[value="small"]') }).selectOption("small");
  await model(page).check();
  await runs(page).fill("2");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const table = page.getByTestId("results-table");
  await expect(table).toBeVisible({ timeout: 120_000 });
  // the long file name is shortened in every row, whole in its tooltip
  const cell = table.locator("tbody tr").first().locator("td").nth(1);
  await expect(cell).toHaveText("my-very-l…-v2-Q5_K_S");
  await expect(cell).toHaveAttribute("title", LONG.replace(/\.gguf$/, ""));

  const accuracy = page.getByTestId("accuracy-chart");
  await expect(accuracy.getByTestId("y-axis-title")).toHaveText("Accuracy (%)");
  await expect(accuracy.getByTestId("x-axis-title")).toHaveText("Task category");
  await expect(accuracy.locator("text", { hasText: "100%" })).toHaveCount(1);
  await expect(accuracy.getByTestId("chart-legend")).toHaveText("my-very-l…-v2-Q5_K_S");
  const latency = page.getByTestId("latency-chart");
  await expect(latency.getByTestId("y-axis-title")).toHaveText("Answers (count)");
  await expect(latency.getByTestId("x-axis-title")).toHaveText("Time per answer (seconds)");
  // readable: no chart text under 12 px
  const sizes = await page
    .locator('[data-testid$="-chart"] svg text')
    .evaluateAll((texts) => texts.map((el) => Number.parseFloat(getComputedStyle(el).fontSize)));
  expect(sizes.length).toBeGreaterThan(8);
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
  // nothing on the screen scrolls sideways, long suite name included
  const overflow = await page.evaluate(() =>
    [...document.querySelectorAll(".evaluate-screen *")]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .map((el) => `${el.tagName}.${el.className}`),
  );
  expect(overflow).toEqual([]);
  await expect(page.locator(".eval-runs select").first().locator("option").nth(1)).toContainText(
    "A suite with a long name that w…",
  );
  await keepScreenshot(page, "evaluate-charts");

  await page.getByLabel("Language").selectOption("zh-CN");
  await expect(accuracy.getByTestId("y-axis-title")).toHaveText("正确率（%）");
  await expect(latency.getByTestId("x-axis-title")).toHaveText("每个回答的耗时（秒）");
  await keepScreenshot(page, "evaluate-charts");
});
