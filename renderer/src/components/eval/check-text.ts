/** The checker's trace of one attempt, worded in the user's language from the data the service recorded. */
import type { TFunction } from "i18next";
import type { Attempt } from "../../../../electron/shared/eval-schemas";

export function checkText(t: TFunction, attempt: Attempt): string {
  const check = attempt.check;
  // runs saved before the trace was data keep their English trace
  if (!check) return attempt.detail;
  switch (check.kind) {
    case "value":
      return check.read === null
        ? t("evaluate.check.valueNothing", { expected: check.expected })
        : t("evaluate.check.value", {
            expected: check.expected,
            read: check.read,
            source: t(`evaluate.check.source.${check.source ?? "phrase"}`),
          });
    case "verdict":
      return t("evaluate.check.verdict", { expected: t(`evaluate.check.verdicts.${check.expected}`) });
    case "pattern":
      return t(check.checked ? "evaluate.check.pattern" : "evaluate.check.patternNotChecked", {
        pattern: check.pattern,
      });
    case "code":
      return check.noCode
        ? t("evaluate.check.noCode", { language: check.language === "python" ? "Python" : "JavaScript" })
        : t("evaluate.check.code", { passed: check.passed, count: check.total });
    case "none":
      return t("evaluate.check.none");
  }
}
