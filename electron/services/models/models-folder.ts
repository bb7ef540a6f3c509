/** The models folder: where downloaded and imported GGUF files live. Loads name a file in it, never a free path. */
import { constants } from "node:fs";
import { access, copyFile, mkdir, open, readdir, rename, rm, stat, statfs } from "node:fs/promises";
import path from "node:path";
import { InkstoneError } from "../../shared/contract-kit.js";

export interface LocalModelFile {
  name: string;
  path: string;
  size: number;
}

export class ModelsFolder {
  constructor(public dir: string) {}

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
      throw new InkstoneError("invalid_request", {
        en: `Not a model file name: ${name}`,
        zh: `不是模型文件名：${name}`,
      });
    }
    return path.join(this.dir, name);
  }

  /**
   * Moves every model file to `target` and makes it the models folder. Safe: each file is renamed
   * (same disk) or copied, fsynced and size-checked under a temporary name, then renamed; the
   * originals are deleted only after every file arrived. Partial downloads (.part) stay behind.
   */
  async moveTo(target: string, onFile?: (name: string) => void): Promise<void> {
    const destination = path.resolve(target);
    if (!path.isAbsolute(target))
      throw new InkstoneError("invalid_request", {
        en: "Give the new models folder as a full path.",
        zh: "请以完整路径给出新的模型文件夹。",
      });
    if (destination === path.resolve(this.dir)) return;
    await mkdir(destination, { recursive: true });
    await access(destination, constants.W_OK).catch(() => {
      throw new InkstoneError("io_error", {
        en: `Inkstone cannot write to ${destination}.`,
        zh: `Inkstone 无法写入 ${destination}。`,
      });
    });
    const files = await this.list();
    const needed = files.reduce((sum, f) => sum + f.size, 0);
    const fs = await statfs(destination);
    if (fs.bavail * fs.bsize < needed) {
      throw new InkstoneError("io_error", {
        en: `Not enough space in ${destination}: the models need ${(needed / 1024 ** 3).toFixed(2)} GB.`,
        zh: `${destination} 空间不足：模型需要 ${(needed / 1024 ** 3).toFixed(2)} GB。`,
      });
    }
    const copied: string[] = [];
    try {
      for (const file of files) {
        onFile?.(file.name);
        const to = path.join(destination, file.name);
        if (await stat(to).catch(() => null))
          throw new InkstoneError("io_error", {
            en: `${to} already exists; nothing was moved over it.`,
            zh: `${to} 已存在；没有移动任何文件去覆盖它。`,
          });
        try {
          await rename(file.path, to); // same disk: atomic, nothing to clean up
          continue;
        } catch {
          // another disk: copy below
        }
        const temp = `${to}.moving`;
        await copyFile(file.path, temp);
        const handle = await open(temp, "r+");
        await handle.sync();
        await handle.close();
        if ((await stat(temp)).size !== file.size)
          throw new InkstoneError("io_error", {
            en: `Copying ${file.name} was incomplete.`,
            zh: `${file.name} 没有复制完整。`,
          });
        await rename(temp, to);
        copied.push(file.path);
      }
    } catch (error) {
      throw error instanceof InkstoneError
        ? error
        : new InkstoneError("io_error", {
            en: `Moving the models failed: ${(error as Error).message}. The originals are kept.`,
            zh: `移动模型失败：${(error as Error).message}。原文件都已保留。`,
          });
    }
    for (const original of copied) await rm(original, { force: true });
    this.dir = destination;
  }
}
