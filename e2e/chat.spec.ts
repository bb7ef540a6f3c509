import { expect, type Page, test } from "@playwright/test";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { REASONING_UNITS } from "../scripts/gguf/scripted-answer.js";
import { startWebApp, type WebApp } from "./web-app.js";

let app: WebApp;
test.beforeEach(async ({ context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  app = await startWebApp({
    models: { "scripted.gguf": ensureModel({ kind: "scripted" }), "endless.gguf": ensureModel({ kind: "endless" }) },
  });
});
test.afterEach(async () => {
  await app.stop();
});

async function loadModel(page: Page, name: string) {
  await page.getByRole("navigation").getByRole("button", { name: "Models" }).click();
  const row = page.getByTestId("model-card").filter({ hasText: name });
  await row.getByRole("button", { name: "Load", exact: true }).click();
  await expect(row.getByText("Loaded")).toBeVisible();
  await page.getByRole("navigation").getByRole("button", { name: "Chat" }).click();
}

async function ask(page: Page, text: string) {
  const composer = page.getByLabel("Message");
  await composer.fill(text);
  await composer.press("Enter");
}

test("send: reasoning apart, the answer with typeset math, a table and a copyable code block", async ({
  page,
}, testInfo) => {
  await page.goto(app.url);
  await expect(page.getByText("No model is loaded.")).toBeVisible();
  await loadModel(page, "scripted.gguf");
  await ask(page, "一个矩形的长比宽多 5cm,周长为 50cm,求面积。");
  const answer = page.getByTestId("assistant-message").last();
  await expect(answer).toHaveAttribute("data-status", "complete");
  const reasoning = answer.getByTestId("reasoning-panel");
  await expect(reasoning).not.toHaveAttribute("open", ""); // collapsed once the answer started
  await expect(reasoning.locator("summary")).toContainText(`${REASONING_UNITS.length} tokens`);
  await expect(answer.getByTestId("reasoning-text")).toHaveText(/So the area is 15 × 10 = 150 cm²/);
  await reasoning.locator("summary").click();
  await expect(answer.getByTestId("reasoning-text")).toBeVisible();
  await expect(answer.locator(".katex-display .katex")).toContainText("150");
  await expect(answer.locator(".katex-display .boxed, .katex-display .fbox").first()).toBeAttached();
  await expect(answer.locator("table")).toContainText("Area");
  await expect(answer.getByText("答案:面积是 150 平方厘米。")).toBeVisible();
  await expect(answer.getByTestId("message-metrics")).toContainText("tokens/s");
  await answer.getByRole("button", { name: "Copy code" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("def area(width, length):");
  await expect(answer.locator("pre code.hljs")).toBeAttached();
  await page.screenshot({ path: testInfo.outputPath("chat-scripted.png"), fullPage: true });
  // the conversation is in the sidebar, titled by its question
  await expect(page.locator(".conversation-open").first()).toHaveText("一个矩形的长比宽多 5cm,周长为 50cm,求面积。");
});

test("stop keeps the partial answer, marked stopped", async ({ page }) => {
  await page.goto(app.url);
  await loadModel(page, "endless.gguf");
  await ask(page, "Go on forever");
  const answer = page.getByTestId("assistant-message").last();
  await expect(answer.getByTestId("answer")).toContainText("Solution");
  await page.getByLabel("Message").press("Escape");
  await expect(answer).toHaveAttribute("data-status", "stopped");
  await expect(answer.getByText("Stopped")).toBeVisible();
  await expect(answer.getByTestId("answer")).toContainText("Width: 10 cm");
  await expect(page.getByTestId("live-region")).toHaveText("Answer finished");
});

test("regenerate makes branch 2/2, editing a question makes a branch, and both can be browsed", async ({ page }) => {
  await page.goto(app.url);
  await loadModel(page, "scripted.gguf");
  await ask(page, "First");
  await expect(page.getByTestId("assistant-message").last()).toHaveAttribute("data-status", "complete");
  await page.getByRole("button", { name: "Regenerate" }).click();
  await expect(page.getByTestId("branch-position")).toHaveText("2 / 2");
  await page.getByRole("button", { name: "Previous version" }).click();
  await expect(page.getByTestId("branch-position")).toHaveText("1 / 2");
  await page.getByTestId("user-message").getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Edit").fill("First, edited");
  await page.getByRole("button", { name: "Send edited" }).click();
  await expect(page.getByTestId("assistant-message").last()).toHaveAttribute("data-status", "complete");
  await expect(page.getByTestId("user-message")).toContainText("First, edited");
  await expect(page.getByTestId("user-message").getByTestId("branch-position")).toHaveText("2 / 2");
});

test("the chat speaks Chinese after the language switch", async ({ page }, testInfo) => {
  await page.goto(app.url);
  await page.getByLabel("Language").selectOption("zh-CN");
  await expect(page.getByRole("button", { name: "发送" })).toBeVisible();
  await expect(page.getByText("尚未加载模型。")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("chat-zh-CN.png") });
});

test("search finds a conversation by a Chinese word and the history exports and imports back", async ({ page }) => {
  await page.goto(app.url);
  await loadModel(page, "scripted.gguf");
  await ask(page, "一个矩形的长比宽多 5cm,周长为 50cm,求面积。");
  await expect(page.getByTestId("assistant-message").last()).toHaveAttribute("data-status", "complete");
  await page.keyboard.press("Control+k");
  await expect(page.getByLabel("Search conversations")).toBeFocused();
  await page.keyboard.type("面积");
  await expect(page.locator(".search-results mark").first()).toHaveText("面积");
  await page.getByLabel("Search conversations").fill("");
  await page.getByText("Export", { exact: true }).click();
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export all (JSON)" }).click();
  const download = await downloading;
  const file = await download.path();
  await page.getByLabel("Import JSON").setInputFiles(file!);
  await expect(page.getByText("Imported 1 conversation.")).toBeVisible();
  await expect(page.locator(".conversation-open")).toHaveCount(2);
});
