import { writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startWebApp, type WebApp } from "./web-app.js";

let app: WebApp;
test.beforeEach(async () => {
  app = await startWebApp();
});
test.afterEach(async () => {
  await app.stop();
});

test("the shell renders in English, a call round-trips, and Chinese is one switch away", async ({ page }, testInfo) => {
  await page.goto(app.url);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByTestId("connection-state")).toHaveText("Connected");
  await expect(page.getByTestId("app-mode")).toContainText("Web mode");
  await page.getByRole("navigation").getByRole("button", { name: "Models" }).click();
  await expect(page.getByText(`Models folder: ${app.dataDir}/models`)).toBeVisible(); // through the contract
  await page.screenshot({ path: testInfo.outputPath("shell-en.png") });

  await page.getByLabel("Language").selectOption("zh-CN");
  await expect(page.getByRole("navigation", { name: "主导航" })).toBeVisible();
  await expect(page.getByTestId("connection-state")).toHaveText("已连接");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");

  // the choice was saved by main (settings.update), so a reload keeps it
  await page.reload();
  await expect(page.getByText("随便问。数学、代码和逻辑题效果最好；模型会先展示它的推理过程。")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("shell-zh-CN.png") });

  // a service's error reaches the user in the UI's language (InkstoneError's messageZh, through web mode)
  const bad = path.join(app.dataDir, "not-a-model.gguf");
  await writeFile(bad, "this is not a GGUF file, just text with a .gguf name");
  await page.getByRole("navigation").getByRole("button", { name: "模型" }).click();
  await page.getByLabel("导入 .gguf 文件（本机上的完整路径）").fill(bad);
  await page.getByRole("button", { name: "导入", exact: true }).click();
  await expect(page.getByTestId("import-message")).toHaveText(
    "无法导入 not-a-model.gguf：这不是 GGUF 文件（文件标识不对）。",
  );
});

test("follows the browser's language when none is chosen", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(app.url);
  await expect(page.getByRole("navigation", { name: "主导航" })).toBeVisible();
  await context.close();
});

test("dark theme applies and persists", async ({ page }) => {
  await page.goto(app.url);
  await page.getByLabel("Theme").selectOption("dark");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
});

test("a page without the token cannot reach the services", async ({ page }) => {
  await page.goto(`${app.origin}/`);
  await expect(page.getByTestId("connection-state")).toContainText("Not connected");
});

test("a WebSocket from a foreign origin is refused", async ({ page }) => {
  await page.goto("about:blank");
  const outcome = await page.evaluate(
    (wsUrl) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(wsUrl);
        ws.onopen = () => resolve("open");
        ws.onerror = () => resolve("refused");
      }),
    `${app.origin.replace("http", "ws")}/ws?token=${app.token}`,
  );
  expect(outcome).toBe("refused");
});
