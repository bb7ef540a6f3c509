/** The app.* channels' handlers. */
import { InkstoneError } from "../../shared/contract-kit.js";
import type { ServiceDeps } from "../app-types.js";
import type { DomainHandlers } from "./domain.js";

export function appHandlers({ options }: ServiceDeps): DomainHandlers<"app"> {
  const desktop = () => {
    if (!options.desktop)
      throw new InkstoneError("invalid_request", {
        en: "Only the desktop app has file dialogs; in web mode, type the path.",
        zh: "只有桌面版才有文件对话框；在 Web 模式下，请直接输入路径。",
      });
    return options.desktop;
  };
  return {
    "app.pickModelFile": async () => ({ path: await desktop().pickModelFile() }),
    "app.savePdf": async ({ filename }) => ({ path: await desktop().savePdf(filename) }),
    "app.info": async () => ({
      name: "Inkstone",
      version: options.version,
      mode: options.mode,
      platform: process.platform,
      dataDir: options.dataDir,
    }),
    "app.echo": async ({ text }) => ({ text, receivedAt: Date.now() }),
  };
}
