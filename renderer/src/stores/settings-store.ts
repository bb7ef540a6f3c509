import { create } from "zustand";
import type { Settings } from "../../../electron/shared/contract/index";
import { getClient } from "../client/instance";
import { applyLanguage, detectLanguage, type Language } from "../i18n/i18n";

interface SettingsState {
  settings: Settings;
  loaded: boolean;
  error: string | null;
  /** The language in effect: the chosen one, else the system's. */
  language: Language;
  load(): Promise<void>;
  update(patch: Partial<Settings>): Promise<void>;
}

function effectiveLanguage(settings: Settings): Language {
  return settings.language ?? detectLanguage(navigator.languages);
}

export const useSettingsStore = create<SettingsState>((set, get) => ({
  settings: { language: null, theme: "system", mirrorBase: null, modelsDir: null, lastModel: null, evaluate: null },
  loaded: false,
  error: null,
  language: detectLanguage(typeof navigator === "undefined" ? [] : navigator.languages),
  async load() {
    try {
      const settings = await getClient().call("settings.get", {});
      const language = effectiveLanguage(settings);
      applyLanguage(language);
      set({ settings, language, loaded: true, error: null });
    } catch (error) {
      set({ error: (error as Error).message, loaded: true });
    }
    getClient().on("settings.changed", (settings) => {
      const language = effectiveLanguage(settings);
      applyLanguage(language);
      set({ settings, language });
    });
  },
  async update(patch) {
    const previous = get().settings;
    const optimistic = { ...previous, ...patch };
    applyLanguage(effectiveLanguage(optimistic));
    set({ settings: optimistic, language: effectiveLanguage(optimistic) });
    try {
      const settings = await getClient().call("settings.update", patch);
      set({ settings, error: null });
    } catch (error) {
      applyLanguage(effectiveLanguage(previous));
      set({ settings: previous, language: effectiveLanguage(previous), error: (error as Error).message });
    }
  },
}));
