import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { EngineChoice } from "../../../../electron/shared/remote-engine-schemas";
import { useEnginesStore } from "../../stores/engines-store";

/**
 * Which engine answers: this computer, or a server added in Settings → Engines (shown only then). The chat's
 * composer uses it for a conversation; Evaluate for a run, with its own label and words for this computer.
 */
export function EngineSelect({
  value,
  onChange,
  label,
  localLabel,
  testId = "engine-select",
}: {
  value: EngineChoice;
  onChange(choice: EngineChoice): void;
  label?: string;
  localLabel?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const engines = useEnginesStore((s) => s.engines);
  useEffect(() => {
    void useEnginesStore.getState().load();
  }, []);
  if (engines.length === 0 && value === null) return null;
  const keyOf = (choice: EngineChoice) => (choice ? `${choice.engineId}\n${choice.model}` : "local");
  const options = engines.map((e) => ({ engineId: e.id, host: e.host, model: e.model, name: e.name }));
  // a conversation whose engine was removed still shows it (its next answer then fails, naming why)
  if (value && !options.some((o) => keyOf(o) === keyOf(value))) options.push({ ...value, name: value.host });
  return (
    <label className="inline-field">
      {label ?? t("engines.choose")}
      <select
        data-testid={testId}
        value={keyOf(value)}
        onChange={(e) => {
          const picked = options.find((o) => keyOf(o) === e.target.value);
          onChange(picked ? { engineId: picked.engineId, host: picked.host, model: picked.model } : null);
        }}
      >
        <option value="local">{localLabel ?? t("engines.local")}</option>
        {options.map((o) => (
          <option key={keyOf(o)} value={keyOf(o)}>
            {t("engines.remoteOption", {
              model: o.model || "model",
              host: o.host,
              name: o.name,
              interpolation: { escapeValue: false },
            })}
          </option>
        ))}
      </select>
    </label>
  );
}
