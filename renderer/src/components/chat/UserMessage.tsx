import { memo, useState } from "react";
import { useTranslation } from "react-i18next";
import { BranchSwitcher } from "./BranchSwitcher";
import { CopyButton } from "./CopyButton";

export interface UserMessageProps {
  text: string;
  attachments?: { id: string; name: string; pagesUsed?: number[] }[];
  branch?: { index: number; count: number; onSelect(index: number): void };
  onEdit?(text: string): void;
}

export const UserMessage = memo(function UserMessage({ text, attachments = [], branch, onEdit }: UserMessageProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(text);
  if (editing) {
    return (
      <article className="message user editing" aria-label={t("chat.you")}>
        <textarea aria-label={t("chat.edit")} value={draft} onChange={(e) => setDraft(e.target.value)} rows={3} />
        <div className="message-actions">
          <button
            type="button"
            className="primary"
            disabled={!draft.trim()}
            onClick={() => {
              setEditing(false);
              onEdit?.(draft.trim());
            }}
          >
            {t("chat.saveAndSend")}
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            {t("chat.cancel")}
          </button>
        </div>
      </article>
    );
  }
  return (
    <article className="message user" aria-label={t("chat.you")} data-testid="user-message">
      {attachments.length > 0 && (
        <div className="attachments">
          {attachments.map((a) => (
            <span key={a.id} className="chip" data-testid="pages-used">
              {a.name} · {t("documents.pagesUsed", { pages: (a.pagesUsed ?? []).join(", ") })}
            </span>
          ))}
        </div>
      )}
      <div className="user-text">{text}</div>
      <div className="message-actions">
        {branch && <BranchSwitcher {...branch} />}
        <CopyButton text={text} />
        {onEdit && (
          <button
            type="button"
            onClick={() => {
              setDraft(text);
              setEditing(true);
            }}
          >
            {t("chat.edit")}
          </button>
        )}
      </div>
    </article>
  );
});
