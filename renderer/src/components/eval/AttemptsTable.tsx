import { useTranslation } from "react-i18next";
import type { RunRecord } from "../../../../electron/shared/eval-schemas";
import { checkText } from "./check-text";
import { faultText } from "./fault-text";
import { shortName } from "./short-names";

const MAX_SHOWN = 120;
const clip = (text: string) => (text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text);

/**
 * Every attempt with what the checker read as its final answer (the shared reader's value, verdict or code) and
 * why it counted, so that a user can see why an attempt was marked wrong.
 */
export function AttemptsTable({ run }: { run: RunRecord }) {
  const { t } = useTranslation();
  return (
    <details className="attempts" data-testid="attempts">
      <summary>{t("evaluate.attempts", { count: run.attempts.length })}</summary>
      <table className="results-table">
        <thead>
          <tr>
            <th>{t("evaluate.task")}</th>
            <th>{t("evaluate.variant")}</th>
            <th>{t("evaluate.attemptRun")}</th>
            <th>{t("evaluate.attemptResult")}</th>
            <th>{t("evaluate.readAs")}</th>
            <th>{t("evaluate.attemptDetail")}</th>
          </tr>
        </thead>
        <tbody>
          {run.attempts.map((a) => (
            <tr
              key={`${a.variant}-${a.repetition}-${a.taskId}`}
              className={a.correct ? "pass" : "fail"}
              data-testid="attempt-row"
            >
              <td>{a.taskId}</td>
              <td title={a.variant}>{shortName(a.variant)}</td>
              <td>{a.repetition + 1}</td>
              <td>
                {a.correct ? `✓ ${t("evaluate.right")}` : `✗ ${t("evaluate.wrong")}`}
                {a.agreement && (
                  <span className="muted" data-testid="attempt-agreement">
                    {" "}
                    · {t("steer.agreement", { size: a.agreement.size, count: a.agreement.of })}
                  </span>
                )}
              </td>
              <td>
                {a.extracted === null ? (
                  <span className="muted">{t("evaluate.nothingRead")}</span>
                ) : (
                  <code>{clip(a.extracted)}</code>
                )}
              </td>
              <td>
                {/* what the checker compared (values, the reading used), or the server's fault, in the user's language */}
                <span className="check-detail">
                  {clip(a.fault ? faultText(t, a.fault) : (a.error ?? checkText(t, a)))}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
