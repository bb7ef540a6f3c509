import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

vi.mock("electron", () => import("../test/fake-electron.js").then((m) => m.fakeElectron));
const { createMainWindow } = await import("./main-window.js");

const dir = await mkdtemp(path.join(os.tmpdir(), "inkstone-window-"));
afterAll(() => rm(dir, { recursive: true, force: true }));
const stateFile = path.join(dir, "window-state.json");

describe("the main window", () => {
  it("opens the app's own origin with the hardened preferences and the preload only", async () => {
    const window = (await createMainWindow(dir, "dist/preload/preload.cjs")) as unknown as {
      options: { webPreferences: Record<string, unknown> };
      loadedUrl: string;
    };
    expect(window.loadedUrl).toBe("app://inkstone/index.html");
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: path.resolve("dist/preload/preload.cjs"),
    });
  });

  it("restores a saved place on a visible display, and ignores one that is off every screen", async () => {
    await writeFile(stateFile, JSON.stringify({ x: 100, y: 80, width: 900, height: 700, maximized: true }));
    const placed = (await createMainWindow(dir, "p.cjs")) as unknown as {
      options: Record<string, unknown>;
      maximized: boolean;
      emit(name: string): void;
    };
    expect(placed.options).toMatchObject({ x: 100, y: 80, width: 900, height: 700 });
    expect(placed.maximized).toBe(true);

    await writeFile(stateFile, JSON.stringify({ x: 9000, y: 9000, width: 900, height: 700 }));
    const offscreen = (await createMainWindow(dir, "p.cjs")) as unknown as { options: Record<string, unknown> };
    expect(offscreen.options).not.toHaveProperty("x");
    expect(offscreen.options).toMatchObject({ width: 900, height: 700 });

    placed.emit("close");
    await vi.waitFor(async () => expect(JSON.parse(await readFile(stateFile, "utf8"))).toMatchObject({ width: 1000 }));
  });
});
