/** One writer per file: an exclusive lock file holding the owner's pid; a dead owner's lock is taken over. */
import { open, readFile, rm } from "node:fs/promises";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Locks this process holds, so a second writer in the same process is refused too. */
const held = new Set<string>();

export async function acquireLock(lockPath: string): Promise<() => Promise<void>> {
  if (held.has(lockPath)) throw new Error("This file is already being downloaded.");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      held.add(lockPath);
      return async () => {
        held.delete(lockPath);
        await rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (held.has(lockPath)) throw new Error("This file is already being downloaded.");
      const owner = Number(await readFile(lockPath, "utf8").catch(() => "0"));
      if (owner > 0 && owner !== process.pid && alive(owner)) {
        throw new Error(`Another Inkstone process (pid ${owner}) is already downloading this file.`);
      }
      await rm(lockPath, { force: true }); // stale: its owner is gone
    }
  }
  throw new Error(`Could not lock ${lockPath}.`);
}
