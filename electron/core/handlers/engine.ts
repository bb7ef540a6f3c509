/** The engine.* channels' handlers. */
import type { ServiceDeps } from "../app-types.js";
import type { DomainHandlers } from "./domain.js";

export function engineHandlers({ engine, models }: ServiceDeps): DomainHandlers<"engine"> {
  return {
    "engine.status": async () => engine.status(),
    "engine.load": async ({ file, contextSize }, { emit, signal }) =>
      engine.load(models.resolve(file), {
        contextSize,
        signal,
        onProgress: (progress) => emit({ kind: "progress", progress }),
      }),
    "engine.eject": async () => {
      await engine.eject();
      return engine.status();
    },
    "engine.restart": async ({ backend, threads }) => engine.restart({ backend, threads }),
  };
}
