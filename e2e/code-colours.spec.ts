/** Issue 17, item 3: code in answers is coloured, with a highlight.js theme for light and one for dark. */
import { expect, type Page, test } from "@playwright/test";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { answered, ask, keepScreenshot, loadModel } from "./new-user.js";
import { startWebApp, type WebApp } from "./web-app.js";

let app: WebApp;
test.beforeEach(async () => {
  app = await startWebApp({ models: { "scripted.gguf": ensureModel({ kind: "scripted" }) } });
});
test.afterEach(async () => {
  await app.stop();
});

/** The colour of the code's plain text and of its first keyword (`def`). */
const colours = (page: Page) =>
  page
    .getByTestId("answer")
    .last()
    .locator("pre code.hljs")
    .evaluate((code) => ({
      text: getComputedStyle(code).color,
      keyword: getComputedStyle(code.querySelector(".hljs-keyword")!).color,
      title: getComputedStyle(code.querySelector(".hljs-title, .hljs-title\\.function_")!).color,
    }));

test("a code block's keywords are coloured, in the light theme and in the dark one", async ({ page }) => {
  await page.goto(app.url);
  await page.getByLabel("Theme").selectOption("light");
  await loadModel(page, "scripted.gguf");
  await ask(page, "Write area(width, length) in Python.");
  await answered(page);
  await page.getByTestId("answer").last().locator("pre").scrollIntoViewIfNeeded();
  const light = await colours(page);
  expect(light.keyword).not.toBe(light.text);
  expect(light.title).not.toBe(light.text);
  await keepScreenshot(page, "chat-code-light");

  await page.getByLabel("Theme").selectOption("dark");
  await expect.poll(async () => (await colours(page)).keyword).not.toBe(light.keyword);
  const dark = await colours(page);
  expect(dark.keyword).not.toBe(dark.text);
  expect(dark.text).not.toBe(light.text);
  await keepScreenshot(page, "chat-code-dark");
});
