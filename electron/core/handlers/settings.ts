/** The settings.* channels' handlers: every change is broadcast, so each window shows the same settings. */
import type { ServiceDeps } from "../app-types.js";
import type { DomainHandlers } from "./domain.js";

export function settingsHandlers({ settings, notifier }: ServiceDeps): DomainHandlers<"settings"> {
  return {
    "settings.get": async () => settings.get(),
    "settings.update": async (patch) => {
      const next = await settings.update(patch);
      notifier.notify("settings.changed", next);
      return next;
    },
  };
}
