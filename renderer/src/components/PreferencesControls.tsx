import { useTranslation } from "react-i18next";
import type { Settings } from "../../../electron/shared/contract/index";

export interface PreferencesControlsProps {
  settings: Settings;
  onChange(patch: Partial<Settings>): void;
}

export function PreferencesControls({ settings, onChange }: PreferencesControlsProps) {
  const { t } = useTranslation();
  return (
    <div className="preferences">
      <label>
        <span>{t("settings.language")}</span>
        <select
          aria-label={t("settings.language")}
          value={settings.language ?? "auto"}
          onChange={(e) =>
            onChange({ language: e.target.value === "auto" ? null : (e.target.value as Settings["language"]) })
          }
        >
          <option value="auto">{t("settings.languageAuto")}</option>
          <option value="en">English</option>
          <option value="zh-CN">简体中文</option>
        </select>
      </label>
      <label>
        <span>{t("settings.theme")}</span>
        <select
          aria-label={t("settings.theme")}
          value={settings.theme}
          onChange={(e) => onChange({ theme: e.target.value as Settings["theme"] })}
        >
          <option value="system">{t("settings.themeSystem")}</option>
          <option value="light">{t("settings.themeLight")}</option>
          <option value="dark">{t("settings.themeDark")}</option>
        </select>
      </label>
    </div>
  );
}
