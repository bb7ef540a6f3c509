/**
 * The real desktop app through Playwright's Electron driver. Where the Electron binary is absent
 * (ELECTRON_SKIP_BINARY_DOWNLOAD=1 installs), every test here is skipped with the reason printed.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type ElectronApplication, _electron as electron, expect, test } from "@playwright/test";
// @ts-expect-error: plain ES module without types
import { findElectronBinary } from "../scripts/electron-binary.mjs";

const binary = findElectronBinary() as { path: string | null; reason?: string };
if (!binary.path) console.log(`[electron e2e] skipped: ${binary.reason}`);

let app: ElectronApplication;
let dataDir: string;

test.describe("desktop app", () => {
  test.skip(!binary.path, `Electron binary absent: ${binary.reason}`);

  test.beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "inkstone-electron-"));
    app = await electron.launch({
      executablePath: binary.path!,
      args: [".", "--no-sandbox"],
      env: { ...process.env, INKSTONE_USER_DATA: dataDir },
    });
  });
  test.afterEach(async () => {
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test("shell renders over IPC, with the security settings in force", async ({ browserName: _ }, testInfo) => {
    const page = await app.firstWindow();
    await expect(page.getByTestId("app-mode")).toContainText("Desktop app");
    await page.screenshot({ path: testInfo.outputPath("electron-shell.png") });
    expect(page.url()).toMatch(/^app:\/\/inkstone\//);
    // nodeIntegration off, sandbox on, contextIsolation on: the page sees neither Node nor the preload's globals
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe("undefined");
    expect(await page.evaluate(() => typeof (globalThis as unknown as { process?: unknown }).process)).toBe(
      "undefined",
    );
    expect(await page.evaluate(() => typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer)).toBe(
      "undefined",
    );
    expect(await page.evaluate(() => Object.keys((window as unknown as { inkstone: object }).inkstone).sort())).toEqual(
      ["cancel", "channels", "invoke", "onNotify", "stream"],
    );
    const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get("content-security-policy"));
    expect(csp).toContain("default-src 'self'");
  });

  test("navigation and new windows are refused", async () => {
    const page = await app.firstWindow();
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = "https://example.com/";
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    await page.evaluate(() => window.open("https://example.com/"));
    await page.waitForTimeout(500);
    expect(app.windows()).toHaveLength(1);
  });
});
