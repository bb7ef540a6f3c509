import { useTranslation } from "react-i18next";
import { type AttemptCount, attemptCounts } from "../../../../electron/shared/engine-schemas";

/** Math mode's "Check with N attempts": one answer, or N at once shown with how many agree. */
export function AttemptsSelect({
  attempts,
  onChange,
}: {
  attempts: AttemptCount | undefined;
  onChange(attempts: AttemptCount | undefined): void;
}) {
  const { t } = useTranslation();
  return (
    <label className="mode-select">
      {t("steer.agreementCheck")}{" "}
      <select
        data-testid="attempts-select"
        value={attempts ?? ""}
        onChange={(e) => onChange(e.target.value ? (Number(e.target.value) as AttemptCount) : undefined)}
      >
        <option value="">{t("steer.agreementOff")}</option>
        {attemptCounts.map((n) => (
          <option key={n} value={n}>
            {t("steer.agreementAttempts", { count: n })}
          </option>
        ))}
      </select>
    </label>
  );
}
