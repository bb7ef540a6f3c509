/**
 * Imported first by the main process's entry point (electron/main/main.ts, electron/web/start-web.ts):
 * the main process's network guard is in place before any other module runs.
 */
import { installMainGuard } from "./guarded-start.js";

export const mainGuard = installMainGuard();
