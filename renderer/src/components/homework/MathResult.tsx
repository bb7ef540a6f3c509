import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { checkMath, type MathCheck } from "../../homework/math-check";
import { Markdown } from "../../markdown/Markdown";

/** Math mode: the final boxed answer, highlighted, and whether it checks out against the question. */
export function MathResult({ question, answer }: { question: string; answer: string }) {
  const { t } = useTranslation();
  const [check, setCheck] = useState<MathCheck | null>(null);
  useEffect(() => {
    let current = true;
    void checkMath(question, answer).then((result) => current && setCheck(result));
    return () => {
      current = false;
    };
  }, [question, answer]);
  if (!check) return null;
  if (check.answer === null) {
    return (
      <p className="final-answer missing" data-testid="final-answer">
        {t("homework.noBoxed")}
      </p>
    );
  }
  return (
    <div className={`final-answer ${check.status}`} data-testid="final-answer" data-check={check.status}>
      <span className="final-label">{t("homework.finalAnswer")}</span>
      <Markdown text={`$${check.answer}$`} />
      <span className="check-line" role={check.status === "mismatch" ? "alert" : undefined}>
        {check.how
          ? t(`homework.${check.how.kind}_${check.status === "match" ? "match" : "mismatch"}`, { ...check.how })
          : t("homework.unchecked")}
      </span>
    </div>
  );
}
