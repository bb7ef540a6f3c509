import { forwardRef, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { DOCUMENT_LIMITS } from "../../../../electron/shared/document-limits";

export interface ComposerProps {
  /** The attachment bar (files ready, being read, or refused), shown above the input. */
  attachmentBar?: ReactNode;
  /** Controls shown beside the attach button (the homework mode). */
  toolbar?: ReactNode;
  onAttach?(file: File): void;
  /**
   * Set while a file is still being read ("Reading worksheet.png… 60 %"): Send waits (disabled,
   * saying this) and Enter does nothing, so a question never leaves without the file it was written for.
   */
  waitingFor?: string | null;
  /** Said instead of "No model is loaded" while a model loads (the last one reloading after a start). */
  modelLoading?: string | null;
  busy: boolean;
  modelLoaded: boolean;
  onSend(text: string): void;
  onStop(): void;
  onOpenModels(): void;
}

/** Multi-line input: Enter sends, Shift+Enter adds a line, Esc stops the answer. */
export const Composer = forwardRef<HTMLTextAreaElement, ComposerProps>(function Composer(
  { busy, modelLoaded, onSend, onStop, onOpenModels, attachmentBar, toolbar, onAttach, waitingFor, modelLoading },
  ref,
) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const limits = t("documents.limits", {
    maxMegabytes: DOCUMENT_LIMITS.maxBytes / 1024 / 1024,
    maxPages: DOCUMENT_LIMITS.maxPages,
  });
  const send = () => {
    const value = text.trim();
    if (!value || busy || !modelLoaded || waitingFor) return;
    onSend(value);
    setText("");
  };
  return (
    <div className="composer">
      {!modelLoaded && modelLoading && (
        <p className="composer-hint" role="status" data-testid="model-loading">
          {modelLoading}
        </p>
      )}
      {!modelLoaded && !modelLoading && (
        <p className="composer-hint" role="status">
          {t("chat.noModel")}{" "}
          <button type="button" className="link" onClick={onOpenModels}>
            {t("chat.goToModels")}
          </button>
        </p>
      )}
      {attachmentBar}
      {(onAttach || toolbar) && (
        <div className="composer-tools">
          {onAttach && (
            <label className="file-button attach-button" title={limits}>
              {t("documents.attach")}
              <input
                type="file"
                accept={DOCUMENT_LIMITS.accept}
                aria-label={t("documents.attach")}
                aria-describedby="attach-limits"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) onAttach(file);
                  e.target.value = "";
                }}
              />
            </label>
          )}
          {onAttach && (
            <span id="attach-limits" className="muted small">
              {limits}
            </span>
          )}
          {toolbar}
        </div>
      )}
      <div className="composer-row">
        <textarea
          ref={ref}
          aria-label={t("chat.composerLabel")}
          placeholder={t("chat.placeholder")}
          value={text}
          rows={3}
          onChange={(e) => setText(e.target.value)}
          onPaste={(e) => {
            const file = e.clipboardData.files[0];
            if (file && onAttach) {
              e.preventDefault();
              onAttach(file);
            }
          }}
          onDrop={(e) => {
            const file = e.dataTransfer.files[0];
            if (file && onAttach) {
              e.preventDefault();
              onAttach(file);
            }
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              send();
            } else if (e.key === "Escape" && busy) {
              e.preventDefault();
              onStop();
            }
          }}
        />
        {busy ? (
          <button type="button" className="danger" onClick={onStop}>
            {t("chat.stop")}
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            onClick={send}
            disabled={!modelLoaded || !text.trim() || Boolean(waitingFor)}
            data-testid="send"
          >
            {waitingFor || t("chat.send")}
          </button>
        )}
      </div>
    </div>
  );
});
