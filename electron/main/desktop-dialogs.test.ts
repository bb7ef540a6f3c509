import type { Dialog } from "electron";
import { describe, expect, it, vi } from "vitest";

vi.mock("electron", () => import("../test/fake-electron.js").then((m) => m.fakeElectron));
const { fakeElectron, FakeBrowserWindow } = await import("../test/fake-electron.js");
const { desktopDialogs } = await import("./desktop-dialogs.js");
const { appHandlers } = await import("../core/handlers/app.js");

const dialog = fakeElectron.dialog as unknown as Pick<Dialog, "showOpenDialog" | "showSaveDialog">;

describe("the desktop app's dialogs", () => {
  it("picks a .gguf file to import, or nothing when the user cancels", async () => {
    const window = new FakeBrowserWindow();
    const dialogs = desktopDialogs(dialog, () => window as never);
    fakeElectron.dialog.nextOpen = { canceled: false, filePaths: ["/media/usb/model.gguf"] };
    expect(await dialogs.pickModelFile()).toBe("/media/usb/model.gguf");
    expect(fakeElectron.dialog.calls.at(-1)?.options).toMatchObject({
      properties: ["openFile"],
      filters: [{ extensions: ["gguf"] }],
    });
    fakeElectron.dialog.nextOpen = { canceled: true, filePaths: [] };
    expect(await dialogs.pickModelFile()).toBeNull();
  });

  it("saves the window as a PDF with printToPDF where the user says, and writes nothing when they cancel", async () => {
    const window = new FakeBrowserWindow();
    const written: { file: string; data: string }[] = [];
    const write = async (file: string, data: Uint8Array) => {
      written.push({ file, data: Buffer.from(data).toString() });
    };
    const dialogs = desktopDialogs(dialog, () => window as never, write);
    fakeElectron.dialog.nextSave = { canceled: false, filePath: "/home/u/Rectangle.pdf" };
    expect(await dialogs.savePdf("Rectangle.pdf")).toBe("/home/u/Rectangle.pdf");
    expect(window.webContents.printed).toEqual([{ printBackground: true, pageSize: "A4" }]);
    expect(fakeElectron.dialog.calls.at(-1)?.options).toMatchObject({ defaultPath: "Rectangle.pdf" });
    expect(written).toEqual([{ file: "/home/u/Rectangle.pdf", data: "%PDF-1.7 fake" }]);
    fakeElectron.dialog.nextSave = { canceled: true, filePath: "" };
    expect(await dialogs.savePdf("Rectangle.pdf")).toBeNull();
    expect(written).toHaveLength(1);
    expect(await desktopDialogs(dialog, () => null, write).savePdf("x.pdf")).toBeNull();
  });

  it("are refused with a clear message in web mode, where there are none", async () => {
    const handlers = appHandlers({ options: { dataDir: "/d", mode: "web", version: "t" } } as never);
    const ctx = { signal: new AbortController().signal, requestId: "r" };
    await expect(handlers["app.pickModelFile"]({}, ctx)).rejects.toMatchObject({
      code: "invalid_request",
      message: expect.stringMatching(/desktop app/),
    });
    const desktop = { pickModelFile: async () => "/m.gguf", savePdf: async () => null };
    const withDesktop = appHandlers({ options: { dataDir: "/d", mode: "electron", version: "t", desktop } } as never);
    expect(await withDesktop["app.pickModelFile"]({}, ctx)).toEqual({ path: "/m.gguf" });
  });
});
