/** Electron entry: hardening, the app:// protocol, the IPC bridge, one window. Services live in electron/core. */
// First: the network guard, before any other module runs (see main-guard.ts).
import "../services/network/main-guard.js";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { app, BrowserWindow, dialog, safeStorage } from "electron";
import { createAppServices } from "../core/app-services.js";
import { appVersion } from "../core/app-version.js";
import { packageRoot } from "../services/fs/paths.js";
import { mainGuard } from "../services/network/main-guard.js";
import { handleAppProtocol, registerAppScheme } from "./app-protocol.js";
import { desktopDialogs } from "./desktop-dialogs.js";
import { registerIpcBridge } from "./ipc-bridge.js";
import { keychainSecretStore } from "./keychain.js";
import { createMainWindow } from "./main-window.js";
import { applyAppSecurity } from "./security.js";
import { spawnUtilityEngine } from "./utility-engine.js";
import { spawnUtilitySandbox } from "./utility-sandbox.js";

const log = (line: string) => console.log(line);
// Offline guarantee for the main process: loopback, and a download's host while it runs; nothing else.
const network = mainGuard;
const here = path.dirname(fileURLToPath(import.meta.url));

if (process.env.INKSTONE_USER_DATA) app.setPath("userData", process.env.INKSTONE_USER_DATA);
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on("second-instance", () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on("window-all-closed", () => app.quit());
  void app.whenReady().then(async () => {
    applyAppSecurity(log);
    const root = packageRoot();
    handleAppProtocol(path.join(root, "dist", "renderer"));
    const services = await createAppServices({
      dataDir: app.getPath("userData"),
      mode: "electron",
      version: appVersion(),
      log,
      network,
      // the engine runs in a utilityProcess: RunAsNode is fused off, so no child_process.fork of Electron
      spawnEngine: () => spawnUtilityEngine(path.join(here, "..", "services", "engine", "engine-host.js")),
      // the code sandbox's hosts too (RunAsNode is fused off); docs/sandbox.md
      spawnSandbox: spawnUtilitySandbox,
      secrets: keychainSecretStore(safeStorage, path.join(app.getPath("userData"), "secrets.json")),
      desktop: desktopDialogs(
        dialog,
        () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0] ?? null,
      ),
    });
    registerIpcBridge(services.router, services.notifier, log);
    app.on("before-quit", () => void services.close());
    await createMainWindow(app.getPath("userData"), path.join(here, "..", "..", "..", "preload", "preload.cjs"));
  });
}
