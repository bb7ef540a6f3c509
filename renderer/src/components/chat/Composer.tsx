import { forwardRef, useState } from "react";
import { useTranslation } from "react-i18next";

export interface ComposerAttachment {
  id: string;
  name: string;
  pages: number;
}

export interface ComposerProps {
  attachments?: ComposerAttachment[];
  attaching?: string | null;
  attachError?: string | null;
  onAttach?(file: File): void;
  onRemoveAttachment?(id: string): void;
  busy: boolean;
  modelLoaded: boolean;
  onSend(text: string): void;
  onStop(): void;
  onOpenModels(): void;
}

/** Multi-line input: Enter sends, Shift+Enter adds a line, Esc stops the answer. */
export const Composer = forwardRef<HTMLTextAreaElement, ComposerProps>(function Composer(
  {
    busy,
    modelLoaded,
    onSend,
    onStop,
    onOpenModels,
    attachments = [],
    attaching,
    attachError,
    onAttach,
    onRemoveAttachment,
  },
  ref,
) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const send = () => {
    const value = text.trim();
    if (!value || busy || !modelLoaded) return;
    onSend(value);
    setText("");
  };
  return (
    <div className="composer">
      {!modelLoaded && (
        <p className="composer-hint" role="status">
          {t("chat.noModel")}{" "}
          <button type="button" className="link" onClick={onOpenModels}>
            {t("chat.goToModels")}
          </button>
        </p>
      )}
      {(attachments.length > 0 || attaching || attachError) && (
        <div className="attachments" data-testid="attachments">
          {attachments.map((a) => (
            <span key={a.id} className="chip">
              {a.name} · {t("documents.pages", { count: a.pages })}
              <button
                type="button"
                aria-label={t("documents.remove", { name: a.name })}
                onClick={() => onRemoveAttachment?.(a.id)}
              >
                ×
              </button>
            </span>
          ))}
          {attaching && <span className="chip muted">{t("documents.reading", { name: attaching })}</span>}
          {attachError && (
            <span className="error-text" role="alert">
              {attachError}
            </span>
          )}
        </div>
      )}
      <div className="composer-row">
        {onAttach && (
          <label className="file-button attach-button">
            {t("documents.attach")}
            <input
              type="file"
              accept=".pdf,.docx,.txt,.md,application/pdf"
              aria-label={t("documents.attach")}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) onAttach(file);
                e.target.value = "";
              }}
            />
          </label>
        )}
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
          <button type="button" className="primary" onClick={send} disabled={!modelLoaded || !text.trim()}>
            {t("chat.send")}
          </button>
        )}
      </div>
    </div>
  );
});
