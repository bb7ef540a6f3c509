/**
 * The desktop app's own dialogs: choosing a model file to import (web mode types its path instead) and saving a
 * conversation as a PDF with `webContents.printToPDF` (web mode uses the browser's print dialog). Thin: the
 * renderer has laid out the print view before asking.
 */
import { writeFile } from "node:fs/promises";
import type { BrowserWindow, Dialog } from "electron";
import type { DesktopDialogs } from "../core/app-types.js";

type Window = Pick<BrowserWindow, "webContents">;

export function desktopDialogs(
  dialog: Pick<Dialog, "showOpenDialog" | "showSaveDialog">,
  focusedWindow: () => Window | null,
  write: (file: string, data: Uint8Array) => Promise<void> = writeFile,
): DesktopDialogs {
  return {
    async pickModelFile() {
      const window = focusedWindow();
      const options = {
        properties: ["openFile" as const],
        filters: [{ name: "GGUF", extensions: ["gguf"] }],
      };
      const chosen = window
        ? await dialog.showOpenDialog(window as BrowserWindow, options)
        : await dialog.showOpenDialog(options);
      return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
    },
    async savePdf(filename) {
      const window = focusedWindow();
      if (!window) return null;
      const pdf = await window.webContents.printToPDF({ printBackground: true, pageSize: "A4" });
      const target = await dialog.showSaveDialog(window as BrowserWindow, {
        defaultPath: filename,
        filters: [{ name: "PDF", extensions: ["pdf"] }],
      });
      if (target.canceled || !target.filePath) return null;
      await write(target.filePath, pdf);
      return target.filePath;
    },
  };
}
