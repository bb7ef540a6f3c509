import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { RunEstimate } from "../../../../electron/shared/eval-schemas";

/** A duration as a reader says it: "less than a minute", "25 minutes", "2 h 10 min". */
export function spokenDuration(t: TFunction, seconds: number): string {
  if (seconds < 60) return t("evaluate.underMinute");
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return t("evaluate.minutes", { count: minutes });
  return t("evaluate.hoursMinutes", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** Before a run starts: how many answers it will write and about how long that takes, and what that rests on. */
export function RunEstimateLine({ estimate, remote }: { estimate: RunEstimate | null; remote: boolean }) {
  const { t } = useTranslation();
  if (!estimate) return null;
  const speed = estimate.tokensPerSecond === null ? "" : estimate.tokensPerSecond.toFixed(1);
  return (
    <p className="eval-estimate" data-testid="eval-estimate" role="status">
      {estimate.seconds === null ? (
        t("evaluate.estimateNone", { count: estimate.answers })
      ) : (
        <>
          <strong>
            {t("evaluate.estimate", { time: spokenDuration(t, estimate.seconds), count: estimate.answers })}
          </strong>{" "}
          <span className="muted">
            {t("evaluate.estimateDetail", {
              basis: t(`evaluate.estimateBasis_${estimate.basis}`, { speed }),
              lengths: t(`evaluate.estimateLengths_${estimate.lengths}`),
            })}
          </span>
        </>
      )}
      {remote && <span className="muted"> {t("evaluate.estimateRemote")}</span>}
    </p>
  );
}
