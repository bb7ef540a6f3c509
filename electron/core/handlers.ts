/** Every channel's handler, by domain. Main registers handlers only through the router built from this map. */
import type { Contract } from "../shared/contract.js";
import type { AppServices } from "./app-services.js";
import type { Handlers } from "./router.js";

type ServiceDeps = Pick<AppServices, "options" | "settings" | "notifier">;

export function createHandlers(deps: ServiceDeps): Handlers<Contract> {
  return {
    "app.info": async () => ({
      name: "Inkstone",
      version: deps.options.version,
      mode: deps.options.mode,
      platform: process.platform,
      dataDir: deps.options.dataDir,
    }),
    "app.echo": async ({ text }) => ({ text, receivedAt: Date.now() }),
    "settings.get": async () => deps.settings.get(),
    "settings.update": async (patch) => {
      const next = await deps.settings.update(patch);
      deps.notifier.notify("settings.changed", next);
      return next;
    },
  };
}
