/** Evaluation runs, one JSON file each in `<dataDir>/evaluations/`. */
import { mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { InkstoneError } from "../../shared/contract-kit.js";
import { type RunRecord, runRecordSchema } from "../../shared/eval-schemas.js";
import { writeFileAtomic } from "../fs/atomic-file.js";

export class RunStore {
  constructor(private readonly dir: string) {}

  async save(record: RunRecord): Promise<void> {
    await writeFileAtomic(path.join(this.dir, `${record.id}.json`), JSON.stringify(record));
  }

  async get(id: string): Promise<RunRecord> {
    const missing = new InkstoneError("not_found", { en: `No evaluation run ${id}.`, zh: `找不到评测运行 ${id}。` });
    if (!/^[\w-]+$/.test(id)) throw missing;
    const text = await readFile(path.join(this.dir, `${id}.json`), "utf8").catch((error: NodeJS.ErrnoException) => {
      throw error.code === "ENOENT" ? missing : error;
    });
    return runRecordSchema.parse(JSON.parse(text));
  }

  async list(): Promise<RunRecord[]> {
    await mkdir(this.dir, { recursive: true });
    const runs: RunRecord[] = [];
    for (const name of await readdir(this.dir)) {
      if (!name.endsWith(".json")) continue;
      try {
        runs.push(runRecordSchema.parse(JSON.parse(await readFile(path.join(this.dir, name), "utf8"))));
      } catch {
        // skip a damaged file
      }
    }
    return runs.sort((a, b) => b.startedAt - a.startedAt);
  }
}
