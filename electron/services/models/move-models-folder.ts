/**
 * Moving the models folder: refused while a download or a verification writes into it, or while the engine holds
 * a model from it (the move would pull files out from under them).
 */
import { InkstoneError } from "../../shared/contract-kit.js";
import type { ModelManager } from "./model-manager.js";
import type { ModelsFolder } from "./models-folder.js";

export interface MoveModelsFolderDeps {
  modelManager: Pick<ModelManager, "list">;
  folder: Pick<ModelsFolder, "moveTo" | "dir">;
  /** Whether the engine has a model loaded now. */
  modelLoaded(): boolean;
}

/** Moves the folder and returns where it now is. */
export async function moveModelsFolder(deps: MoveModelsFolderDeps, dir: string): Promise<string> {
  if ((await deps.modelManager.list()).some((m) => m.state === "downloading" || m.state === "verifying")) {
    throw new InkstoneError("busy", {
      en: "Wait for the downloads to finish (or pause them) before moving the models folder.",
      zh: "请等下载完成（或暂停下载）后再移动模型文件夹。",
    });
  }
  if (deps.modelLoaded())
    throw new InkstoneError("busy", {
      en: "Eject the loaded model before moving the models folder.",
      zh: "请先卸载已加载的模型，再移动模型文件夹。",
    });
  await deps.folder.moveTo(dir);
  return deps.folder.dir;
}
