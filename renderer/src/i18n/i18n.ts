import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en";
import { zhCN } from "./zh-CN";

export type Language = "en" | "zh-CN";

/** The OS/browser language mapped onto the languages Inkstone speaks. */
export function detectLanguage(languages: readonly string[]): Language {
  for (const language of languages) {
    const lower = language.toLowerCase();
    if (lower.startsWith("zh")) return "zh-CN";
    if (lower.startsWith("en")) return "en";
  }
  return "en";
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, "zh-CN": { translation: zhCN } },
  lng: detectLanguage(typeof navigator === "undefined" ? [] : navigator.languages),
  fallbackLng: "en",
  interpolation: { escapeValue: false },
  initAsync: false,
});

export function applyLanguage(language: Language): void {
  if (i18n.language !== language) void i18n.changeLanguage(language);
  if (typeof document !== "undefined") document.documentElement.lang = language;
}

/** Words a service gave in both languages, in `language` (English where it gave no Chinese). */
export function wordsIn(language: string, en: string, zh?: string | null): string {
  return language.toLowerCase().startsWith("zh") && zh ? zh : en;
}
