/** The app.* channels' handlers. */
import type { ServiceDeps } from "../app-types.js";
import type { DomainHandlers } from "./domain.js";

export function appHandlers({ options }: ServiceDeps): DomainHandlers<"app"> {
  return {
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
