import { useTranslation } from "react-i18next";
import { findVerdict } from "../../homework/answer-parts";

/** Logic mode: the verdict, stated before the reasoning (or that the answer gives none). */
export function VerdictBadge({ answer, streaming }: { answer: string; streaming: boolean }) {
  const { t } = useTranslation();
  const verdict = findVerdict(answer);
  if (!verdict && streaming) return null;
  return (
    <p className={`verdict ${verdict ?? "none"}`} data-testid="verdict">
      {verdict ? t(`homework.verdict_${verdict}`) : t("homework.noVerdict")}
    </p>
  );
}
