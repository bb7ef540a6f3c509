import { forwardRef, useState } from "react";
import { useTranslation } from "react-i18next";

export interface ComposerProps {
  busy: boolean;
  modelLoaded: boolean;
  onSend(text: string): void;
  onStop(): void;
  onOpenModels(): void;
}

/** Multi-line input: Enter sends, Shift+Enter adds a line, Esc stops the answer. */
export const Composer = forwardRef<HTMLTextAreaElement, ComposerProps>(function Composer(
  { busy, modelLoaded, onSend, onStop, onOpenModels },
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
      <div className="composer-row">
        <textarea
          ref={ref}
          aria-label={t("chat.composerLabel")}
          placeholder={t("chat.placeholder")}
          value={text}
          rows={3}
          onChange={(e) => setText(e.target.value)}
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
