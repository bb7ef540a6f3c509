import { stat } from "node:fs/promises";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import OpenAI from "openai";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { SCRIPT_ANSWER, SCRIPT_REASONING } from "../scripts/gguf/scripted-answer.js";
import { startWebApp, type WebApp } from "./web-app.js";

let app: WebApp;
test.beforeEach(async ({ context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  app = await startWebApp({ models: { "scripted.gguf": ensureModel({ kind: "scripted" }) } });
});
test.afterEach(async () => {
  await app.stop();
});

async function openSettings(page: Page) {
  await page.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
}

test("Settings → Local API: off by default; on, it serves the openai client with the shown key and logs without content", async ({
  page,
}) => {
  test.setTimeout(360_000); // a busy machine: engine start, model load and one answer
  await page.goto(app.url);
  await page.getByRole("navigation").getByRole("button", { name: "Models" }).click();
  const row = page.getByTestId("model-card").filter({ hasText: "scripted.gguf" });
  await row.getByRole("button", { name: "Load", exact: true }).click();
  await expect(row.getByText("Loaded")).toBeVisible({ timeout: 120_000 }); // the engine may still be starting

  await openSettings(page);
  const section = page.getByTestId("local-api");
  await expect(section.getByTestId("local-api-state")).toHaveText("Off.");
  // the switch shows the server's state once it answers: click, then wait for it
  await section.getByLabel("Turn on the local API").click();
  await expect(section.getByLabel("Turn on the local API")).toBeChecked();
  await expect(section.getByTestId("local-api-state")).toContainText("Listening at http://127.0.0.1:");
  const url = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(
    (await section.getByTestId("local-api-state").textContent())!,
  )![1]!;
  expect(Number(new URL(url).port)).toBeGreaterThanOrEqual(4650);

  // the key is hidden until asked for; copying gives the whole key
  await expect(section.getByTestId("local-api-key")).toContainText("••••");
  await section.getByRole("button", { name: "Show" }).click();
  const key = (await section.getByTestId("local-api-key").textContent())!;
  expect(key).toMatch(/^sk-inkstone-[\w-]{43}$/);
  await section.getByRole("button", { name: "Copy" }).first().click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await expect(section.getByText(/Kept in .*local-api-key, readable only by you/)).toBeVisible();
  expect((await stat(path.join(app.dataDir, "local-api-key"))).mode & 0o777).toBe(0o600);
  await expect(section.getByTestId("local-api-example-curl")).toContainText(`Bearer ${key}`);
  await expect(section.getByTestId("local-api-example-python")).toContainText('model="scripted"');

  const client = new OpenAI({ baseURL: url, apiKey: key, maxRetries: 0 });
  const completion = await client.chat.completions.create({
    model: "scripted",
    messages: [{ role: "user", content: "Area?" }],
  });
  expect(completion.choices[0]!.message.content).toBe(SCRIPT_ANSWER);
  expect((completion.choices[0]!.message as unknown as { reasoning_content: string }).reasoning_content).toBe(
    SCRIPT_REASONING,
  );

  await section.getByRole("button", { name: "Refresh" }).last().click();
  const logged = section.getByTestId("local-api-log-row").filter({ hasText: "POST /v1/chat/completions" });
  await expect(logged).toContainText("200", { timeout: 30_000 });
  await expect(logged).toContainText(/\d+ in, 20 out/);
  await expect(section.getByTestId("local-api-log")).not.toContainText("150 平方厘米");

  // a new key: the old one stops working at once
  page.once("dialog", (dialog) => void dialog.accept());
  await section.getByRole("button", { name: "New key" }).click();
  await expect(section.getByTestId("local-api-key")).not.toHaveText(key);
  await expect(client.models.list()).rejects.toMatchObject({ status: 401 });
  const fresh = (await section.getByTestId("local-api-key").textContent())!;
  expect((await new OpenAI({ baseURL: url, apiKey: fresh, maxRetries: 0 }).models.list()).data[0]!.id).toBe("scripted");

  // off again: nothing listens
  await section.getByLabel("Turn on the local API").click();
  await expect(section.getByLabel("Turn on the local API")).not.toBeChecked();
  await expect(section.getByTestId("local-api-state")).toHaveText("Off.");
  await expect(fetch(`${url}/models`)).rejects.toThrow();
});

test("Local API origins: only an exact origin can be added", async ({ page }) => {
  await page.goto(app.url);
  await openSettings(page);
  const section = page.getByTestId("local-api");
  const input = section.getByLabel("Origin to allow");
  await input.fill("http://localhost:3000/path");
  await section.getByRole("button", { name: "Allow" }).click();
  await expect(section.getByRole("alert")).toContainText("exact origin");
  await input.fill("http://localhost:3000");
  await section.getByRole("button", { name: "Allow" }).click();
  await expect(section.getByTestId("local-api-origins")).toContainText("http://localhost:3000");
  await section.getByRole("button", { name: "Remove" }).click();
  await expect(section.getByTestId("local-api-origins")).not.toContainText("http://localhost:3000");
});
