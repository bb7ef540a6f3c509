import { memo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { GenerationMetrics, ReasoningCut } from "../../../../electron/shared/engine-schemas";
import type { MessageFinishReason, MessageStatus, StoredFault } from "../../../../electron/shared/history-schemas";
import { CitationContext, Markdown } from "../../markdown/Markdown";
import { AnsweredBy, type AnswerSource } from "./AnsweredBy";
import { BranchSwitcher } from "./BranchSwitcher";
import { CopyButton } from "./CopyButton";
import { errorLine, type LiveNotice, noticeText } from "./fault-words";
import { MessageMetrics } from "./MessageMetrics";
import { ReasoningPanel } from "./ReasoningPanel";

export interface AssistantMessageProps {
  answer: string;
  reasoning: string;
  streaming: boolean;
  status: MessageStatus;
  error: string | null;
  /** The remote fault that ended it, worded in the UI's language (else `error` is shown as stored). */
  errorFault?: StoredFault | null;
  metrics: GenerationMetrics | null;
  /** Which engine and model answered (stored answers). */
  answeredBy?: AnswerSource;
  reasoningSeconds: number | null;
  reasoningTokens: number;
  queuePosition?: number | null;
  notices?: LiveNotice[];
  branch?: { index: number; count: number; onSelect(index: number): void };
  onRegenerate?(): void;
  /** How the answer ended (a loop is shown as such, not as a user's stop). */
  finishReason?: MessageFinishReason | null;
  /** The reasoning was closed early: the panel says so. */
  reasoningCut?: ReasoningCut | null;
  /** Stop thinking and answer: while it thinks, or after a loop in the reasoning. */
  onAnswerNow?(): void;
  /** Shown before the answer (logic mode's verdict). */
  aboveAnswer?: ReactNode;
  /** Shown after it (math mode's checked final answer, code mode's tests). */
  belowAnswer?: ReactNode;
  /** Opens the source of a cited page, where the question had documents. */
  onCite?(page: number): void;
}

export const AssistantMessage = memo(function AssistantMessage(props: AssistantMessageProps) {
  const { t } = useTranslation();
  const thinking = props.streaming && props.answer === "";
  const unfinished = !props.streaming && props.answer === "" && props.reasoning !== "";
  return (
    <article
      className="message assistant"
      aria-label={t("chat.assistant")}
      data-testid="assistant-message"
      data-status={props.status}
    >
      {props.queuePosition ? <p className="muted">{t("chat.queued", { position: props.queuePosition })}</p> : null}
      <ReasoningPanel
        text={props.reasoning}
        thinking={thinking && !props.queuePosition}
        seconds={props.reasoningSeconds}
        tokens={props.reasoningTokens}
        unfinished={unfinished}
        cut={props.reasoningCut ?? null}
      />
      {props.streaming && thinking && props.onAnswerNow && !props.queuePosition && (
        <button type="button" className="answer-now" onClick={props.onAnswerNow}>
          {t("steer.answerNow")}
        </button>
      )}
      {props.aboveAnswer}
      <div className="answer" data-testid="answer">
        <CitationContext.Provider value={props.onCite ?? null}>
          <Markdown text={props.answer} streaming={props.streaming} />
        </CitationContext.Provider>
      </div>
      {props.belowAnswer}
      {props.notices?.map((notice, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: notices only ever append; the same notice may come twice
        <p key={index} className="notice" role="note">
          {noticeText(t, notice)}
        </p>
      ))}
      {props.status === "stopped" && (
        <p className="status-line" data-testid="status-line">
          {props.finishReason === "looping" ? t("steer.looping") : t("chat.status_stopped")}
        </p>
      )}
      {props.status === "interrupted" && <p className="status-line">{t("chat.status_interrupted")}</p>}
      {props.status === "error" && (
        <p className="status-line error" role="alert">
          {t("chat.status_error", { message: errorLine(t, props.error, props.errorFault) })}
        </p>
      )}
      {!props.streaming && (
        <div className="message-actions">
          {props.branch && <BranchSwitcher {...props.branch} />}
          <CopyButton text={props.answer} />
          {props.onAnswerNow && (
            <button type="button" onClick={props.onAnswerNow}>
              {t("steer.answerNow")}
            </button>
          )}
          {props.onRegenerate && (
            <button type="button" onClick={props.onRegenerate}>
              {t("chat.regenerate")}
            </button>
          )}
          {props.metrics && <MessageMetrics metrics={props.metrics} />}
          {props.answeredBy && <AnsweredBy {...props.answeredBy} />}
        </div>
      )}
    </article>
  );
});
