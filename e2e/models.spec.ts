import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { type FileServer, startFileServer } from "../electron/services/models/test-fixtures/file-server.js";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { startWebApp, type WebApp } from "./web-app.js";

let app: WebApp;
let server: FileServer;
let catalogFile: string;

test.beforeEach(async () => {
  const body = readFileSync(ensureModel({ kind: "scripted" }));
  // slow enough to watch the progress bar move, and held at three quarters until the test has looked
  server = await startFileServer({
    body,
    chunkBytes: 16 * 1024,
    chunkDelayMs: 60,
    holdAtBytes: Math.floor(body.length * 0.75),
  });
  const real = JSON.parse(readFileSync("resources/models.json", "utf8"));
  const entry = {
    ...real.models[0],
    id: "test-scripted",
    family: "Scripted test model",
    label: "tiny",
    file: "scripted-test.gguf",
    size: body.length,
    sha256: createHash("sha256").update(body).digest("hex"),
  };
  catalogFile = path.join(await mkdtemp(path.join(os.tmpdir(), "inkstone-catalog-")), "models.json");
  writeFileSync(catalogFile, JSON.stringify({ ...real, models: [entry] }));
  app = await startWebApp({ env: { INKSTONE_CATALOG: catalogFile } });
});
test.afterEach(async () => {
  await app.stop();
  await server.close();
});

test("download from a mirror with a moving progress bar, verified, then load and chat", async ({ page }, testInfo) => {
  await page.goto(app.url);
  await page.getByRole("navigation").getByRole("button", { name: "Models" }).click();
  const card = page.getByTestId("model-card").filter({ hasText: "Scripted test model" });
  await expect(card.getByTestId("model-state")).toHaveText("Not downloaded");
  await page.getByLabel("Download from").selectOption("mirror");
  await page.getByLabel("Mirror address").fill(server.url("").replace(/\/$/, ""));
  await page.getByLabel("Mirror address").blur();
  await card.getByRole("button", { name: "Download" }).click();
  const bar = card.getByTestId("download-progress");
  await expect(bar).toBeVisible();
  const samples: number[] = [];
  for (let i = 0; i < 6; i++) {
    const value = Number(await bar.getAttribute("value").catch(() => "100"));
    samples.push(value);
    await page.waitForTimeout(150);
  }
  expect(new Set(samples).size).toBeGreaterThan(2); // it moved
  await expect(page.getByTestId("network-state")).toHaveText("Downloading from 127.0.0.1");
  await page.screenshot({ path: testInfo.outputPath("models-downloading.png") });
  server.release();
  await expect(card.getByTestId("model-state")).toHaveText("Ready", { timeout: 30_000 });
  await expect(page.getByTestId("network-state")).toHaveText("Offline");
  expect(server.requests[0]?.path).toBe(
    "/unsloth/DeepSeek-R1-Distill-Qwen-1.5B-GGUF/resolve/3cb4d15544a2a5e07439592b9a0965b6445fbd34/scripted-test.gguf",
  );
  await card.getByRole("button", { name: "Load", exact: true }).click();
  await expect(card.getByText("Loaded")).toBeVisible();
  await page.getByRole("navigation").getByRole("button", { name: "Chat" }).click();
  await page.getByLabel("Message").fill("求面积");
  await page.getByLabel("Message").press("Enter");
  await expect(page.getByTestId("assistant-message").last()).toHaveAttribute("data-status", "complete");
  await expect(page.getByTestId("answer").last()).toContainText("答案:面积是 150 平方厘米。");
});

test("a corrupt download is reported and never loadable", async ({ page }) => {
  server.options.body = Buffer.from(server.options.body);
  server.options.body[5000] = server.options.body[5000]! ^ 0xff;
  server.options.chunkDelayMs = 0;
  server.options.holdAtBytes = undefined;
  await page.goto(app.url);
  await page.getByRole("navigation").getByRole("button", { name: "Models" }).click();
  await page.getByLabel("Download from").selectOption("mirror");
  await page.getByLabel("Mirror address").fill(server.url("").replace(/\/$/, ""));
  await page.getByLabel("Mirror address").blur();
  const card = page.getByTestId("model-card").filter({ hasText: "Scripted test model" });
  await card.getByRole("button", { name: "Download" }).click();
  await expect(card.getByTestId("model-state")).toHaveText("Failed");
  await expect(card.getByRole("alert")).toContainText("does not match its published SHA-256");
  await expect(card.getByRole("button", { name: "Load", exact: true })).toHaveCount(0);
});
