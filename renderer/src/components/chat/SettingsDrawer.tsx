import { useTranslation } from "react-i18next";
import { modelCardDefaults } from "../../../../electron/shared/engine-schemas";
import type { ConversationSettings } from "../../../../electron/shared/history-schemas";
import { ThinkingBudget } from "./ThinkingBudget";

export interface SettingsDrawerProps {
  settings: ConversationSettings;
  onChange(settings: ConversationSettings): void;
  onClose(): void;
}

function numberOrUndefined(value: string): number | undefined {
  return value.trim() === "" ? undefined : Number(value);
}

/** Per-conversation sampling settings, starting from the model card's defaults. */
export function SettingsDrawer({ settings, onChange, onClose }: SettingsDrawerProps) {
  const { t } = useTranslation();
  const set = (patch: Partial<ConversationSettings>) => {
    const next = { ...settings, ...patch };
    for (const key of Object.keys(next) as (keyof ConversationSettings)[])
      if (next[key] === undefined) delete next[key];
    onChange(next);
  };
  return (
    <aside className="drawer" aria-label={t("chatSettings.title")}>
      <header>
        <h2>{t("chatSettings.title")}</h2>
        <button type="button" onClick={onClose}>
          {t("chatSettings.close")}
        </button>
      </header>
      <label>
        {t("chatSettings.systemPrompt")}
        <textarea
          rows={4}
          value={settings.systemPrompt ?? modelCardDefaults.systemPrompt}
          onChange={(e) => set({ systemPrompt: e.target.value || undefined })}
        />
      </label>
      <label>
        {t("chatSettings.temperature")} ({settings.temperature ?? modelCardDefaults.temperature})
        <input
          type="range"
          min={0}
          max={1.5}
          step={0.05}
          value={settings.temperature ?? modelCardDefaults.temperature}
          onChange={(e) => set({ temperature: Number(e.target.value) })}
        />
      </label>
      <label>
        {t("chatSettings.topP")} ({settings.topP ?? modelCardDefaults.topP})
        <input
          type="range"
          min={0.05}
          max={1}
          step={0.05}
          value={settings.topP ?? modelCardDefaults.topP}
          onChange={(e) => set({ topP: Number(e.target.value) })}
        />
      </label>
      <label>
        {t("chatSettings.maxTokens")}
        <input
          type="number"
          min={1}
          placeholder={t("chatSettings.unlimited")}
          value={settings.maxTokens ?? ""}
          onChange={(e) => set({ maxTokens: numberOrUndefined(e.target.value) })}
        />
      </label>
      <ThinkingBudget value={settings.reasoningBudget} onChange={(reasoningBudget) => set({ reasoningBudget })} />
      {/* the sampling goes back to the model card's; the homework mode stays */}
      <button type="button" onClick={() => onChange(settings.mode ? { mode: settings.mode } : {})}>
        {t("chatSettings.reset")}
      </button>
    </aside>
  );
}
