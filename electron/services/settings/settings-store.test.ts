import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { settingsPatchSchema } from "../../shared/contract/settings.js";
import { SettingsStore } from "./settings-store.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "inkstone-settings-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("settings", () => {
  it("a patch changes only what it names: loading a model keeps the moved models folder and Evaluate's choices", async () => {
    const store = new SettingsStore(dir);
    await store.load();
    const evaluate = { suiteId: "seed", files: ["q4.gguf"], repetitions: 2 };
    await store.update(settingsPatchSchema.parse({ modelsDir: "/data/models", evaluate }));
    // the payload the contract validates for "settings.update" when a model was loaded
    const patch = settingsPatchSchema.parse({ lastModel: "q4.gguf" });
    expect(patch).toEqual({ lastModel: "q4.gguf" });
    await store.update(patch);
    const reopened = new SettingsStore(dir);
    expect(await reopened.load()).toMatchObject({ modelsDir: "/data/models", lastModel: "q4.gguf", evaluate });
  });
});
