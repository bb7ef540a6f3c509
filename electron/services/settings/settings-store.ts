import path from "node:path";
import { type Settings, settingsSchema } from "../../shared/contract/index.js";
import { readJsonFile, writeFileAtomic } from "../fs/atomic-file.js";

export const defaultSettings: Settings = {
  language: null,
  theme: "system",
  mirrorBase: null,
  modelsDir: null,
  lastModel: null,
  evaluate: null,
};

/** App-wide settings in `<dataDir>/settings.json`; an unreadable file falls back to the defaults. */
export class SettingsStore {
  private current: Settings = defaultSettings;
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, "settings.json");
  }

  async load(): Promise<Settings> {
    const parsed = settingsSchema.partial().safeParse(await readJsonFile(this.file));
    this.current = { ...defaultSettings, ...(parsed.success ? parsed.data : {}) };
    return this.current;
  }

  get(): Settings {
    return this.current;
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    this.current = settingsSchema.parse({ ...this.current, ...patch });
    await writeFileAtomic(this.file, JSON.stringify(this.current, null, 2));
    return this.current;
  }
}
