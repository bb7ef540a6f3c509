/** Issue 17, item 7: the Models screen for a newcomer: which variant to pick, one state per model, clear buttons. */
import { expect, test } from "@playwright/test";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { goTo, keepScreenshot, loadModel } from "./new-user.js";
import { startWebApp, type WebApp } from "./web-app.js";

let app: WebApp;
test.beforeEach(async () => {
  app = await startWebApp({ models: { "scripted.gguf": ensureModel({ kind: "scripted" }) } });
});
test.afterEach(async () => {
  await app.stop();
});

test("the recommended variant is marked, a loaded model shows one state, import clears its field", async ({ page }) => {
  await page.goto(app.url);
  await goTo(page, "Models");
  const recommended = page.getByTestId("recommended");
  await expect(recommended).toHaveCount(1);
  await expect(recommended).toHaveText("Recommended: fits most computers");
  await expect(page.getByTestId("model-card").filter({ has: recommended })).toContainText("Q4_K_M");

  await loadModel(page, "scripted.gguf");
  await goTo(page, "Models");
  const card = page.getByTestId("model-card").filter({ hasText: "scripted.gguf" });
  await expect(card.getByText("Loaded", { exact: true })).toBeVisible();
  await expect(card.getByTestId("model-state")).not.toContainText("Ready");

  // Import looks disabled only while it is: filled in, it is the primary button
  const importButton = page.getByRole("button", { name: "Import", exact: true });
  await expect(importButton).toBeDisabled();
  const field = page.getByLabel("Import a .gguf file (full path on this computer)");
  await field.fill(ensureModel({ kind: "endless" }));
  await expect(importButton).toBeEnabled();
  await expect(importButton).toHaveClass(/primary/);
  await expect(importButton).toHaveCSS("opacity", "1");
  await keepScreenshot(page, "models-newcomer");
  await importButton.click();
  await expect(page.getByTestId("import-message")).toContainText("✓", { timeout: 60_000 });
  await expect(field).toHaveValue("");
});
