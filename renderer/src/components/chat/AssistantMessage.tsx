import { memo } from "react";
import { useTranslation } from "react-i18next";
import type { GenerationMetrics } from "../../../../electron/shared/engine-schemas";
import type { MessageStatus } from "../../../../electron/shared/history-schemas";
import { Markdown } from "../../markdown/Markdown";
import { BranchSwitcher } from "./BranchSwitcher";
import { CopyButton } from "./CopyButton";
import { MessageMetrics } from "./MessageMetrics";
import { ReasoningPanel } from "./ReasoningPanel";

export interface AssistantMessageProps {
  answer: string;
  reasoning: string;
  streaming: boolean;
  status: MessageStatus;
  error: string | null;
  metrics: GenerationMetrics | null;
  reasoningSeconds: number | null;
  reasoningTokens: number;
  queuePosition?: number | null;
  notices?: string[];
  branch?: { index: number; count: number; onSelect(index: number): void };
  onRegenerate?(): void;
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
      />
      <div className="answer" data-testid="answer">
        <Markdown text={props.answer} streaming={props.streaming} />
      </div>
      {props.notices?.map((notice) => (
        <p key={notice} className="notice" role="note">
          {notice}
        </p>
      ))}
      {props.status === "stopped" && <p className="status-line">{t("chat.status_stopped")}</p>}
      {props.status === "interrupted" && <p className="status-line">{t("chat.status_interrupted")}</p>}
      {props.status === "error" && (
        <p className="status-line error" role="alert">
          {t("chat.status_error", { message: props.error ?? "" })}
        </p>
      )}
      {!props.streaming && (
        <div className="message-actions">
          {props.branch && <BranchSwitcher {...props.branch} />}
          <CopyButton text={props.answer} />
          {props.onRegenerate && (
            <button type="button" onClick={props.onRegenerate}>
              {t("chat.regenerate")}
            </button>
          )}
          {props.metrics && <MessageMetrics metrics={props.metrics} />}
        </div>
      )}
    </article>
  );
});
