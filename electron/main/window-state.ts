/** Remembers the main window's size and position between launches. */
import path from "node:path";
import { z } from "zod";
import { readJsonFile, writeFileAtomic } from "../services/fs/atomic-file.js";

export const windowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(10_000),
  height: z.number().int().min(300).max(10_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof windowStateSchema>;

export const defaultWindowState: WindowState = { width: 1200, height: 800, maximized: false };

export async function loadWindowState(dataDir: string): Promise<WindowState> {
  const parsed = windowStateSchema.safeParse(await readJsonFile(path.join(dataDir, "window-state.json")));
  return parsed.success ? parsed.data : defaultWindowState;
}

export async function saveWindowState(dataDir: string, state: WindowState): Promise<void> {
  await writeFileAtomic(path.join(dataDir, "window-state.json"), JSON.stringify(state));
}
