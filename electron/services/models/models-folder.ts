/** The models folder: where downloaded and imported GGUF files live. Loads name a file in it, never a free path. */
import { mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { InkstoneError } from "../../shared/contract-kit.js";

export interface LocalModelFile {
  name: string;
  path: string;
  size: number;
}

export class ModelsFolder {
  constructor(readonly dir: string) {}

  async list(): Promise<LocalModelFile[]> {
    await mkdir(this.dir, { recursive: true });
    const names = (await readdir(this.dir)).filter((n) => n.toLowerCase().endsWith(".gguf")).sort();
    const files: LocalModelFile[] = [];
    for (const name of names) {
      const info = await stat(path.join(this.dir, name)).catch(() => null);
      if (info?.isFile()) files.push({ name, path: path.join(this.dir, name), size: info.size });
    }
    return files;
  }

  /** The full path of a file in this folder; refuses names that would leave it. */
  resolve(name: string): string {
    if (!name || name !== path.basename(name) || name.startsWith(".")) {
      throw new InkstoneError("invalid_request", `Not a model file name: ${name}`);
    }
    return path.join(this.dir, name);
  }
}
