import { expect, test } from "@playwright/test";
import { startWebApp, type WebApp } from "./web-app.js";

let app: WebApp;
test.beforeEach(async () => {
  app = await startWebApp();
});
test.afterEach(async () => {
  await app.stop();
});

test("a page-initiated request to a non-loopback address fails, and the app says it is offline", async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByTestId("network-state")).toHaveText("Offline");
  const outcome = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener("securitypolicyviolation", (e) => violations.push(e.blockedURI));
    const results: string[] = [];
    for (const url of ["http://203.0.113.7/collect", "https://example.com/"]) {
      try {
        await fetch(url, { mode: "no-cors" });
        results.push("reached");
      } catch {
        results.push("blocked");
      }
    }
    const ws = await new Promise<string>((resolve) => {
      try {
        const socket = new WebSocket("ws://203.0.113.7/");
        socket.onopen = () => resolve("reached");
        socket.onerror = () => resolve("blocked");
      } catch {
        resolve("blocked");
      }
    });
    await new Promise((r) => setTimeout(r, 100));
    return { results, ws, violations };
  });
  expect(outcome.results).toEqual(["blocked", "blocked"]);
  expect(outcome.ws).toBe("blocked");
  expect(outcome.violations.length).toBeGreaterThanOrEqual(2);
});

test("the settings list connection attempts, none so far", async ({ page }) => {
  await page.goto(app.url);
  await page.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
  await expect(page.getByTestId("network-log-empty")).toBeVisible();
});
