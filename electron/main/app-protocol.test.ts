import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("electron", () => import("../test/fake-electron.js").then((m) => m.fakeElectron));
const { fakeElectron } = await import("../test/fake-electron.js");
const { APP_CSP, handleAppProtocol, registerAppScheme } = await import("./app-protocol.js");

let root: string;
let outside: string;

beforeAll(async () => {
  const base = await mkdtemp(path.join(os.tmpdir(), "inkstone-app-protocol-"));
  root = path.join(base, "renderer");
  outside = base;
  await mkdir(path.join(root, "assets"), { recursive: true });
  await writeFile(path.join(root, "index.html"), "<html>Inkstone</html>");
  await writeFile(path.join(root, "assets", "app.js"), "console.log(1)");
  await writeFile(path.join(outside, "secret.txt"), "not for the renderer");
  registerAppScheme();
  handleAppProtocol(root);
});
afterAll(async () => rm(outside, { recursive: true, force: true }));

const get = (url: string) => fakeElectron.protocol.request(url);

describe("app:// protocol", () => {
  it("is registered as a standard, secure scheme before the app is ready", () => {
    expect(fakeElectron.protocol.privileged).toEqual([
      expect.objectContaining({ scheme: "app", privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
  });

  it("serves the renderer's files with their type, the strict CSP and nosniff", async () => {
    const page = await get("app://inkstone/index.html");
    expect(page.status).toBe(200);
    expect(await page.text()).toBe("<html>Inkstone</html>");
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toBe(APP_CSP);
    expect(APP_CSP).toContain("connect-src 'self';");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    const script = await get("app://inkstone/assets/app.js");
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
  });

  it("answers client-side routes with index.html", async () => {
    expect(await (await get("app://inkstone/history")).text()).toBe("<html>Inkstone</html>");
  });

  it("never serves a file outside the renderer folder, however the path is spelled", async () => {
    for (const spelled of [
      "app://inkstone/../secret.txt",
      "app://inkstone/%2e%2e/secret.txt",
      "app://inkstone/%2E%2E%2Fsecret.txt",
      "app://inkstone/assets/..%2F..%2Fsecret.txt",
      "app://inkstone/..%5Csecret.txt",
      "app://inkstone/%00index.html",
      "app://inkstone/%E0%A4%A",
    ]) {
      const res = await get(spelled);
      expect(await res.text(), spelled).not.toContain("not for the renderer");
    }
  });

  it("refuses other hosts of the scheme", async () => {
    const res = await get("app://evil/index.html");
    expect(res.status).toBe(404);
  });
});
