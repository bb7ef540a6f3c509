/** The models.* channels' handlers. */
import path from "node:path";
import { DownloadError } from "../../services/models/downloader.js";
import { moveModelsFolder } from "../../services/models/move-models-folder.js";
import { InkstoneError } from "../../shared/contract-kit.js";
import type { ServiceDeps } from "../app-types.js";
import { type DomainHandlers, ok } from "./domain.js";

/** A download's failure as the caller sees it: its own words, with the download's code in details. */
function toInkstoneError(error: unknown): unknown {
  if (!(error instanceof DownloadError)) return error;
  const code =
    error.code === "cancelled" || error.code === "paused"
      ? "cancelled"
      : error.code === "disk_full"
        ? "io_error"
        : "model_error";
  return new InkstoneError(code, { en: error.message, zh: error.messageZh }, { reason: error.code });
}

export function modelsHandlers(deps: ServiceDeps): DomainHandlers<"models"> {
  const { engine, models, modelManager } = deps;
  return {
    "models.local": async () => ({ dir: models.dir, files: await models.list() }),
    "models.list": async ({ contextSize }) => ({ dir: models.dir, models: await modelManager.list(contextSize) }),
    "models.download": async ({ id, source }, { emit, signal }) => {
      const entry = modelManager.entry(id);
      // closing the stream (the window went away) pauses; the Cancel button deletes
      signal.addEventListener("abort", () => modelManager.pause(entry.file), { once: true });
      try {
        const file = await modelManager.downloadEntry(id, source, (progress) => emit({ kind: "progress", progress }));
        return { file: path.basename(file) };
      } catch (error) {
        throw toInkstoneError(error);
      }
    },
    "models.moveFolder": async ({ dir }) => {
      const moved = await moveModelsFolder(
        { modelManager, folder: models, modelLoaded: () => engine.status().model !== null },
        dir,
      );
      await deps.settings.update({ modelsDir: moved });
      deps.notifier.notify("models.changed", {});
      return { dir: moved };
    },
    "models.pause": async ({ file }) => {
      modelManager.pause(file);
      return ok;
    },
    "models.cancel": async ({ file }) => {
      await modelManager.cancel(file);
      return ok;
    },
    "models.delete": async ({ file }) => {
      if (engine.status().model?.path === models.resolve(file)) await engine.eject();
      await modelManager.delete(file);
      return ok;
    },
    "models.verify": async ({ file }, { emit }) =>
      modelManager.verify(file, (bytes, total) => emit({ kind: "progress", bytes, total })),
    "models.import": async ({ path: source }, { emit }) =>
      modelManager.import(source, (bytes, total) => emit({ kind: "progress", bytes, total })),
  };
}
