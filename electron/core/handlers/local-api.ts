/** The localApi.* channels' handlers. */
import type { ServiceDeps } from "../app-types.js";
import type { DomainHandlers } from "./domain.js";

export function localApiHandlers({ localApi }: ServiceDeps): DomainHandlers<"localApi"> {
  return {
    "localApi.status": async () => localApi.status(),
    "localApi.update": async (patch) => localApi.update(patch),
    "localApi.regenerateKey": async () => localApi.regenerateKey(),
    "localApi.log": async ({ limit }) => ({ entries: localApi.log(limit) }),
  };
}
