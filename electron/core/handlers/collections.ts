/** The collections.* channels' handlers. */
import type { ServiceDeps } from "../app-types.js";
import { type DomainHandlers, ok } from "./domain.js";

export function collectionsHandlers({ collections }: ServiceDeps): DomainHandlers<"collections"> {
  return {
    "collections.list": async () => ({ collections: await collections.list() }),
    "collections.create": async ({ name, dir, files }) => collections.create({ name, dir, files }),
    "collections.open": async ({ id }) => collections.open(id),
    "collections.files": async ({ id }) => ({
      files: (await collections.files(id)).map(({ path: _path, mtimeMs: _mtime, ...file }) => file),
    }),
    "collections.pause": async ({ id }) => {
      collections.pause(id);
      return ok;
    },
    "collections.resume": async ({ id }) => {
      collections.resume(id);
      return ok;
    },
    "collections.cancel": async ({ id }) => {
      await collections.cancel(id);
      return ok;
    },
    "collections.delete": async ({ id }) => {
      await collections.delete(id);
      return ok;
    },
    "collections.passage": async ({ id, passageId, file, page }) => {
      const found = await collections.passage(id, { passageId, file, page });
      return { name: found.file, page: found.page, text: found.text };
    },
  };
}
