import { useTranslation } from "react-i18next";
import type { AttemptProgress } from "../../../../electron/shared/engine-schemas";
import type { MessageAgreement } from "../../../../electron/shared/history-schemas";
import { Markdown } from "../../markdown/Markdown";

/** "Check with N attempts" while it runs: one line per attempt with its tokens so far. */
export function AttemptsProgress({ attempts }: { attempts: AttemptProgress[] }) {
  const { t } = useTranslation();
  return (
    <div className="agreement" data-testid="attempts-progress">
      <p className="muted">{t("steer.attemptRunning", { count: attempts.length })}</p>
      <ol className="attempt-list">
        {attempts.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the attempts are fixed in number and order
          <li key={i}>
            {t("steer.attempt", { index: i + 1 })} ·{" "}
            {t("steer.attemptTokens", { count: a.reasoningTokens + a.answerTokens })}
            {a.finishReason && ` · ${t(`steer.attemptFinish_${a.finishReason}`)}`}
          </li>
        ))}
      </ol>
    </div>
  );
}

/**
 * The agreement of an answer's attempts: "4 of 5 attempts agree" on the majority's answer (the one shown below), and
 * each attempt openable with its final answer, how it ended, its reasoning and its answer.
 */
export function AgreementPanel({ agreement }: { agreement: MessageAgreement }) {
  const { t } = useTranslation();
  const agreed = agreement.final !== null && agreement.size >= 2;
  return (
    <div className="agreement" data-testid="agreement">
      <p className={agreed ? "agreement-summary" : "agreement-summary muted"} data-testid="agreement-summary">
        {agreed ? t("steer.agreement", { size: agreement.size, count: agreement.of }) : t("steer.noAgreement")}
        {agreement.final !== null && (
          <>
            {" "}
            · <code>{agreement.final}</code>
          </>
        )}
      </p>
      <ol className="attempt-list">
        {agreement.attempts.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the attempts are fixed in number and order
          <li key={i} data-testid="attempt">
            <details>
              <summary>
                {t("steer.attempt", { index: i + 1 })} ·{" "}
                {a.final === null ? (
                  <span className="muted">{t("steer.attemptNoAnswer")}</span>
                ) : (
                  <code>{a.final}</code>
                )}{" "}
                · {t(`steer.attemptFinish_${a.finishReason}`)}
              </summary>
              {a.reasoning && (
                <details className="attempt-reasoning">
                  <summary>{t("chat.reasoning")}</summary>
                  <pre>{a.reasoning}</pre>
                </details>
              )}
              <Markdown text={a.answer} streaming={false} />
            </details>
          </li>
        ))}
      </ol>
    </div>
  );
}
