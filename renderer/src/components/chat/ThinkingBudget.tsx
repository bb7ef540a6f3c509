import { useState } from "react";
import { useTranslation } from "react-i18next";

export const BUDGET_PRESETS = [1024, 4096, 16384] as const;

export interface ThinkingBudgetProps {
  value: number | undefined;
  onChange(value: number | undefined): void;
}

/** The thinking budget: off, 1k / 4k / 16k tokens, or a custom number. */
export function ThinkingBudget({ value, onChange }: ThinkingBudgetProps) {
  const { t } = useTranslation();
  const preset = value === undefined || (BUDGET_PRESETS as readonly number[]).includes(value);
  const [custom, setCustom] = useState(!preset);
  const choice = custom ? "custom" : value === undefined ? "off" : String(value);
  return (
    <>
      <label>
        {t("steer.budget")}
        <select
          value={choice}
          onChange={(e) => {
            const next = e.target.value;
            setCustom(next === "custom");
            if (next === "off") onChange(undefined);
            else if (next !== "custom") onChange(Number(next));
          }}
        >
          <option value="off">{t("steer.budgetOff")}</option>
          {BUDGET_PRESETS.map((n) => (
            <option key={n} value={String(n)}>
              {`${n / 1024}k`}
            </option>
          ))}
          <option value="custom">{t("steer.budgetCustom")}</option>
        </select>
      </label>
      {custom && (
        <label>
          {t("steer.budgetTokens")}
          <input
            type="number"
            min={0}
            max={131072}
            value={value ?? ""}
            onChange={(e) => onChange(e.target.value.trim() === "" ? undefined : Number(e.target.value))}
          />
        </label>
      )}
    </>
  );
}
