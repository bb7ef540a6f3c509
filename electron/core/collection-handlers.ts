/** The collections.* channels' handlers (kept apart from handlers.ts: one domain, one file). */
import type { CollectionService } from "../services/collections/collection-service.js";
import type { Contract } from "../shared/contract.js";
import type { Handlers } from "./router.js";

type CollectionChannels = Extract<keyof Handlers<Contract>, `collections.${string}`>;

export function collectionHandlers(collections: CollectionService): Pick<Handlers<Contract>, CollectionChannels> {
  const ok = { ok: true as const };
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
