/** The network.* channels' handlers. */
import type { ServiceDeps } from "../app-types.js";
import type { DomainHandlers } from "./domain.js";

export function networkHandlers({ network }: ServiceDeps): DomainHandlers<"network"> {
  return {
    "network.status": async () => network.status(),
    "network.log": async () => ({ entries: network.log().reverse() }),
  };
}
