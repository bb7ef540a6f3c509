/**
 * `npm run models -- <command>`: prepare models on machines without the app's UI or without internet.
 *   list
 *   download <id> [--source hf|mirror|modelscope] [--mirror-base URL]
 *   download --url URL --sha256 HEX --size N [--name FILE]
 *   verify <file>
 *   import <file>
 * Every command takes --dir DIR (the models folder; default: the app's). Exit status 0 only when the
 * file is verified and in place. Running the same download again after a kill resumes it.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { defaultUserDataDir } from "../electron/services/fs/paths.js";
import { loadCatalog } from "../electron/services/models/catalog.js";
import type { DownloadProgress } from "../electron/services/models/downloader.js";
import { ModelManager } from "../electron/services/models/model-manager.js";
import { ModelsFolder } from "../electron/services/models/models-folder.js";
import type { SourceId } from "../electron/shared/model-schemas.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    dir: { type: "string" },
    source: { type: "string", default: "hf" },
    "mirror-base": { type: "string" },
    url: { type: "string" },
    sha256: { type: "string" },
    size: { type: "string" },
    name: { type: "string" },
    catalog: { type: "string" },
  },
});

const dir = path.resolve(values.dir ?? path.join(defaultUserDataDir(), "models"));
const manager = new ModelManager({
  catalog: loadCatalog(values.catalog),
  folder: new ModelsFolder(dir),
  mirrorBase: values["mirror-base"],
});
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
let lastLine = 0;
function progressLine(p: DownloadProgress): void {
  const now = Date.now();
  if (now - lastLine < 1000 && p.bytes < p.total) return;
  lastLine = now;
  const percent = ((p.bytes / p.total) * 100).toFixed(1);
  const eta = p.etaSeconds === null ? "" : ` · ${Math.ceil(p.etaSeconds)} s left`;
  const resumed = p.resumedFrom > 0 ? ` (resumed at ${mb(p.resumedFrom)} MB)` : "";
  process.stderr.write(
    `${p.phase} ${percent} % · ${mb(p.bytes)}/${mb(p.total)} MB · ${mb(p.bytesPerSecond)} MB/s${eta}${resumed}\n`,
  );
}

async function main(): Promise<number> {
  const [command, argument] = positionals;
  switch (command) {
    case "list": {
      for (const m of await manager.list()) {
        console.log(
          `${m.id.padEnd(34)} ${m.quantization.padEnd(8)} ${mb(m.size).padStart(8)} MB  ${m.state}${m.error ? `: ${m.error}` : ""}`,
        );
      }
      console.log(`models folder: ${dir}`);
      return 0;
    }
    case "download": {
      let file: string;
      if (values.url) {
        if (!values.sha256 || !values.size) throw new Error("download --url needs --sha256 HEX and --size BYTES");
        const name = values.name ?? path.basename(new URL(values.url).pathname);
        file = await manager.downloadSpec(
          { url: values.url, fileName: name, size: Number(values.size), sha256: values.sha256.toLowerCase() },
          progressLine,
        );
      } else {
        if (!argument) throw new Error("download needs a catalog id (see `list`) or --url");
        file = await manager.downloadEntry(argument, values.source as SourceId, progressLine);
      }
      console.log(`verified and in place: ${file}`);
      return 0;
    }
    case "verify": {
      if (!argument) throw new Error("verify needs a file name in the models folder");
      const result = await manager.verify(path.basename(argument));
      console.log(
        `${result.ok ? "ok" : "MISMATCH"} sha256 ${result.sha256}${result.catalogId ? ` (${result.catalogId})` : ""}`,
      );
      return result.ok ? 0 : 1;
    }
    case "import": {
      if (!argument) throw new Error("import needs a .gguf file");
      const result = await manager.import(path.resolve(argument));
      console.log(
        `imported as ${path.join(dir, result.file)}${result.catalogId ? ` (catalog: ${result.catalogId})` : " (custom model)"}`,
      );
      return 0;
    }
    default:
      console.error(
        "usage: npm run models -- list | download <id> [--source hf|mirror|modelscope] | download --url URL --sha256 HEX --size N | verify <file> | import <file>  [--dir DIR]",
      );
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`models: ${error.message}`);
    process.exit(1);
  },
);
