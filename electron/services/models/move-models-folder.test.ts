import { describe, expect, it } from "vitest";
import { InkstoneError } from "../../shared/contract-kit.js";
import type { ModelView } from "../../shared/model-schemas.js";
import { moveModelsFolder } from "./move-models-folder.js";

function setup(states: ModelView["state"][], loaded = false) {
  const folder = { dir: "/old", moved: [] as string[] };
  const deps = {
    modelManager: { list: async () => states.map((state) => ({ state }) as ModelView) },
    folder: {
      get dir() {
        return folder.dir;
      },
      moveTo: async (dir: string) => {
        folder.moved.push(dir);
        folder.dir = dir;
      },
    },
    modelLoaded: () => loaded,
  };
  return { deps, folder };
}

async function refusal(run: Promise<unknown>): Promise<InkstoneError> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InkstoneError);
  return error as InkstoneError;
}

describe("moving the models folder", () => {
  it("moves when nothing writes into the folder and no model is loaded", async () => {
    const { deps, folder } = setup(["ready", "not_downloaded", "paused"]);
    expect(await moveModelsFolder(deps, "/new")).toBe("/new");
    expect(folder.moved).toEqual(["/new"]);
  });

  it("is refused as busy while a download or a verification runs, and nothing moves", async () => {
    for (const state of ["downloading", "verifying"] as const) {
      const { deps, folder } = setup(["ready", state]);
      const error = await refusal(moveModelsFolder(deps, "/new"));
      expect(error.code).toBe("busy");
      expect(error.message).toMatch(/downloads/);
      expect(folder.moved).toEqual([]);
    }
  });

  it("is refused as busy while the engine holds a model from the folder", async () => {
    const { deps, folder } = setup(["ready"], true);
    const error = await refusal(moveModelsFolder(deps, "/new"));
    expect(error.code).toBe("busy");
    expect(error.message).toMatch(/Eject/);
    expect(folder.moved).toEqual([]);
  });
});
