import { useTranslation } from "react-i18next";
import { type HomeworkMode, homeworkModes } from "../../../../electron/shared/homework-modes";

/** The homework mode of the conversation: general, math, code or logic. */
export function ModeSelect({ mode, onChange }: { mode: HomeworkMode; onChange(mode: HomeworkMode): void }) {
  const { t } = useTranslation();
  return (
    <label className="mode-select">
      {t("homework.mode")}{" "}
      <select value={mode} onChange={(e) => onChange(e.target.value as HomeworkMode)}>
        {homeworkModes.map((m) => (
          <option key={m} value={m}>
            {t(`homework.mode_${m}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
