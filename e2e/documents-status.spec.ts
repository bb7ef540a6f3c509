/** Issue 17, item 6: a damaged PDF is called damaged, the reload after a start is shown, a first import works. */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { attachFile, goTo, keepScreenshot, loadModel } from "./new-user.js";
import { startWebApp } from "./web-app.js";

test("a random-bytes or renamed .pdf is refused as damaged, not as an unsupported type", async ({ page }) => {
  const app = await startWebApp();
  try {
    await page.goto(app.url);
    const alert = page.getByTestId("attachments").getByRole("alert");
    await attachFile(
      page,
      "random.pdf",
      new Uint8Array(4096).map((_, i) => (i * 7919) % 251),
    );
    await expect(alert).toHaveText(/^random\.pdf is damaged and could not be read\./);
    await attachFile(page, "notes.pdf", new TextEncoder().encode("just some text, renamed to .pdf"));
    await expect(alert).toHaveText(/^notes\.pdf is damaged and could not be read\./);
    await keepScreenshot(page, "chat-damaged-pdf");
  } finally {
    await app.stop();
  }
});

test("after a restart the composer says the last model is reloading, then it is loaded", async ({ page }) => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "inkstone-e2e-restart-"));
  try {
    const first = await startWebApp({ dataDir, models: { "scripted.gguf": ensureModel({ kind: "scripted" }) } });
    await page.goto(first.url);
    await loadModel(page, "scripted.gguf");
    await first.stop();
    const second = await startWebApp({ dataDir });
    try {
      await page.goto(second.url);
      // the reload is often done before the page connects on a fast start; when it is still going,
      // the composer must say so (with its progress), and never "No model is loaded"
      const loading = page.getByTestId("model-loading");
      if (await loading.isVisible()) {
        await expect(loading).toHaveText(/^Loading scripted\.gguf… \d+ %$/);
        await keepScreenshot(page, "chat-model-reloading");
      }
      await expect(loading).toHaveCount(0, { timeout: 60_000 });
      await expect(page.getByText("No model is loaded.")).toHaveCount(0);
      await goTo(page, "Models");
      await expect(
        page.getByTestId("model-card").filter({ hasText: "scripted.gguf" }).getByText("Loaded"),
      ).toBeVisible();
    } finally {
      await second.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test("a first import into a fresh data folder works; a missing file gets words, not ENOENT", async ({ page }) => {
  const app = await startWebApp();
  try {
    await page.goto(app.url);
    await goTo(page, "Models");
    const field = page.getByLabel("Import a .gguf file (full path on this computer)");
    await field.fill(path.join(app.dataDir, "nowhere", "missing.gguf"));
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(page.getByTestId("import-message")).toContainText("There is no file at");
    await expect(page.locator("body")).not.toContainText("ENOENT");
    await field.fill(ensureModel({ kind: "scripted" }));
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(page.getByTestId("model-card").filter({ hasText: "inkstone-scripted" })).toBeVisible({
      timeout: 60_000,
    });
    await expect(page.locator("body")).not.toContainText(/ENOENT|copyfile|\.importing/);
    await keepScreenshot(page, "models-imported");
  } finally {
    await app.stop();
  }
});
