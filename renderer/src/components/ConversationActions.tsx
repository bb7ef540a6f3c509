import { useRef } from "react";
import { useTranslation } from "react-i18next";

export interface ConversationActionsProps {
  onExport(format: "markdown" | "json"): void;
  onPrint(): void;
}

/** What can be done with the open conversation as a whole: save it as Markdown, JSON or PDF. */
export function ConversationActions({ onExport, onPrint }: ConversationActionsProps) {
  const { t } = useTranslation();
  const menu = useRef<HTMLDetailsElement>(null);
  // the menu closes once a choice is made
  const choose = (action: () => void) => () => {
    if (menu.current) menu.current.open = false;
    action();
  };
  return (
    <details className="conversation-actions" ref={menu}>
      <summary>{t("history.exportThis")}</summary>
      <div className="menu">
        <button type="button" onClick={choose(() => onExport("markdown"))}>
          {t("history.exportThisMarkdown")}
        </button>
        <button type="button" onClick={choose(() => onExport("json"))}>
          {t("history.exportThisJson")}
        </button>
        <button type="button" onClick={choose(onPrint)}>
          {t("history.savePdf")}
        </button>
      </div>
    </details>
  );
}
