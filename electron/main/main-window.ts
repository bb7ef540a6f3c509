import path from "node:path";
import { BrowserWindow, screen } from "electron";
import { APP_ORIGIN } from "./app-protocol.js";
import { secureWebPreferences } from "./security.js";
import { loadWindowState, saveWindowState, type WindowState } from "./window-state.js";

function visibleOnSomeDisplay(state: WindowState): boolean {
  if (state.x === undefined || state.y === undefined) return false;
  const { x, y } = state;
  return screen
    .getAllDisplays()
    .some(({ workArea: a }) => x >= a.x - 50 && y >= a.y - 50 && x < a.x + a.width && y < a.y + a.height);
}

export async function createMainWindow(dataDir: string, preloadPath: string): Promise<BrowserWindow> {
  const state = await loadWindowState(dataDir);
  const placed = visibleOnSomeDisplay(state);
  const window = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(placed ? { x: state.x, y: state.y } : {}),
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: "Inkstone",
    backgroundColor: "#111318",
    webPreferences: { ...secureWebPreferences, preload: path.resolve(preloadPath) },
  });
  if (state.maximized) window.maximize();
  window.once("ready-to-show", () => window.show());
  const remember = () => {
    if (window.isDestroyed()) return;
    const bounds = window.getNormalBounds();
    void saveWindowState(dataDir, { ...bounds, maximized: window.isMaximized() }).catch(() => {});
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const debounced = () => {
    clearTimeout(timer);
    timer = setTimeout(remember, 500);
  };
  window.on("resize", debounced);
  window.on("move", debounced);
  window.on("close", remember);
  await window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}
