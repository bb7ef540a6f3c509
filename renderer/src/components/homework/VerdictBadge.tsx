import { useTranslation } from "react-i18next";
import { readVerdict } from "../../../../electron/shared/answers";

const KEY = { yes: "verdict_yes", no: "verdict_no", cannot_be_determined: "verdict_undetermined" } as const;

/** Logic mode: the verdict, stated before the reasoning (or that the answer gives none). */
export function VerdictBadge({ answer, streaming }: { answer: string; streaming: boolean }) {
  const { t } = useTranslation();
  const verdict = readVerdict(answer);
  if (!verdict && streaming) return null;
  return (
    <p className={`verdict ${verdict ?? "none"}`} data-testid="verdict">
      {verdict ? t(`homework.${KEY[verdict]}`) : t("homework.noVerdict")}
    </p>
  );
}
