/**
 * `npm run -s collection -- <command>`: collections for scripts and checks, without the app.
 *   create NAME --from DIR [--file PATH]… [--no-ocr]   index; progress on stderr; last line (stdout):
 *                                                     {"files":N,"pages":N,"failed":[{"file":…,"reason":…}]}
 *   search NAME "QUERY" [--k 5] [--json]             the best passages: [{"file","page","text","score"}]
 *   list [--json]                                    the collections, with files, pages and failures
 *   delete NAME                                      removes the collection's index (never your files)
 * Every command takes --data-dir DIR (default: the app's data folder). Exit status 1 on an error,
 * 2 on bad usage (an unknown command or option, a missing argument), with the reason on stderr. Nothing goes online: every socket of this process goes through the guard.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { CollectionService } from "../electron/services/collections/collection-service.js";
import { defaultUserDataDir } from "../electron/services/fs/paths.js";
import { NetworkGuard } from "../electron/services/network/network-guard.js";
import { installSocketGuard } from "../electron/services/network/socket-guard.js";

installSocketGuard(new NetworkGuard());

const USAGE =
  'usage: collection create NAME --from DIR [--file PATH]… [--no-ocr] | search NAME "QUERY" [--k 5] [--json] | list [--json] | delete NAME  [--data-dir DIR]';

/** Bad usage: the reason and the usage line on stderr, exit status 2. */
class UsageError extends Error {}

function usage(reason: string): never {
  throw new UsageError(`${reason}\n${USAGE}`);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      "data-dir": { type: "string" },
      from: { type: "string" },
      file: { type: "string", multiple: true },
      k: { type: "string", default: "5" },
      json: { type: "boolean", default: false },
      "no-ocr": { type: "boolean", default: false },
    },
  });
}
try {
  parsed = parse();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
const { values, positionals } = parsed;

const dataDir = path.resolve(values["data-dir"] ?? defaultUserDataDir());
const [command, name, query] = positionals;
const service = new CollectionService({
  dir: path.join(dataDir, "collections"),
  cacheDir: values["no-ocr"] ? null : path.join(dataDir, "cache"),
  onProgress: (p) => {
    if (command === "create" && p.file && !p.file.stage)
      process.stderr.write(
        `[${p.done}/${p.total}] ${p.file.name}: ${p.file.state}${p.file.reason ? ` (${p.file.reason})` : ""}\n`,
      );
  },
});

async function main(): Promise<void> {
  switch (command) {
    case "create": {
      if (!name) usage("create needs the collection's NAME.");
      if (!values.from && !values.file?.length) usage("create needs --from DIR or --file PATH.");
      const created = await service.create({ name, dir: values.from ?? null, files: values.file ?? [] });
      await service.whenIdle(created.id);
      const files = await service.files(created.id);
      const failed = files.filter((f) => f.state === "failed").map((f) => ({ file: f.name, reason: f.reason }));
      const pages = files.reduce((n, f) => n + f.pages, 0);
      console.log(JSON.stringify({ files: files.length, pages, failed }));
      return;
    }
    case "search": {
      if (!name || query === undefined) usage('search needs the collection\'s NAME and a "QUERY".');
      const k = Number(values.k);
      if (!Number.isInteger(k) || k < 1 || k > 100) usage("--k must be a whole number from 1 to 100.");
      const { id } = await service.byName(name);
      const found = (await service.search(id, query, { k })).map((p) => ({
        file: p.file,
        page: p.page,
        text: p.text,
        score: Math.round(p.score * 10_000) / 10_000,
      }));
      if (values.json) console.log(JSON.stringify(found));
      else for (const p of found) console.log(`${p.file}, p. ${p.page} (${p.score})\n${p.text}\n`);
      return;
    }
    case "list": {
      const list = await service.list();
      if (values.json) console.log(JSON.stringify(list.map(({ notice, ...rest }) => ({ ...rest, notice }))));
      else
        for (const c of list)
          console.log(
            `${c.name}\t${c.files} files\t${c.pages} pages\t${c.failed} failed\t${c.dir ?? "(chosen files)"}`,
          );
      return;
    }
    case "delete": {
      if (!name) usage("delete needs the collection's NAME.");
      const meta = await service.byName(name);
      await service.delete(meta.id);
      console.log(JSON.stringify({ deleted: meta.name }));
      return;
    }
    default:
      usage(command ? `Unknown command "${command}".` : "No command given.");
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
} finally {
  await service.close();
}
