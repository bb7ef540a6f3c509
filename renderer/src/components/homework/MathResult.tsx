import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { checkMath } from "../../../../electron/shared/answers";
import { Markdown } from "../../markdown/Markdown";

/**
 * Math mode: the final answer as read by the shared reader (the same reading the Evaluate checkers use), and the
 * check's outcome: checked ✓ with what was checked, does not check out ✗ with the evidence, or not checked.
 */
export function MathResult({ question, answer }: { question: string; answer: string }) {
  const { t } = useTranslation();
  const check = useMemo(() => checkMath(question, answer), [question, answer]);
  const final = check.final;
  if (!final) {
    return (
      <p className="final-answer missing" data-testid="final-answer" data-check={check.status}>
        {t("homework.noFinal")}
      </p>
    );
  }
  const line =
    check.status === "checked"
      ? t("homework.checked", { work: check.work })
      : check.status === "does_not_check"
        ? t("homework.doesNotCheck", { work: check.work, answer: final.final })
        : t(`homework.notChecked_${check.reason ?? "unsupported"}`);
  return (
    <div className={`final-answer ${check.status}`} data-testid="final-answer" data-check={check.status}>
      <span className="final-label">{t("homework.finalAnswer")}</span>
      {final.source === "boxed" ? <Markdown text={`$${final.raw}$`} /> : <span>{final.raw}</span>}
      <span className="muted" data-testid="final-read">
        {t("homework.readAs", { value: final.final })}
      </span>
      <span className="check-line" role={check.status === "does_not_check" ? "alert" : undefined}>
        {line}
      </span>
    </div>
  );
}
