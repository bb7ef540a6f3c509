import { forwardRef, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Conversation, SearchHit } from "../../../electron/shared/history-schemas";
import { groupConversations } from "./date-groups";

export interface HistorySidebarProps {
  conversations: Conversation[];
  activeId: string | null;
  query: string;
  hits: SearchHit[];
  canUndo: boolean;
  onSearch(query: string): void;
  onOpen(id: string, messageId?: string | null): void;
  onRename(id: string, title: string): void;
  onPin(id: string, pinned: boolean): void;
  onDelete(id: string): void;
  onUndo(): void;
  onExport(format: "json" | "markdown"): void;
  onImport(file: File): void;
  importMessage: string | null;
}

function ConversationRow({
  c,
  active,
  onOpen,
  onRename,
  onPin,
  onDelete,
}: { c: Conversation; active: boolean } & Pick<HistorySidebarProps, "onOpen" | "onRename" | "onPin" | "onDelete">) {
  const { t } = useTranslation();
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(c.title);
  if (renaming) {
    return (
      <form
        className="conversation-row"
        onSubmit={(e) => {
          e.preventDefault();
          setRenaming(false);
          onRename(c.id, title.trim());
        }}
      >
        <input
          aria-label={t("history.rename")}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          onBlur={() => setRenaming(false)}
        />
      </form>
    );
  }
  return (
    <div className="conversation-row" aria-current={active ? "true" : undefined}>
      <button
        type="button"
        className="conversation-open"
        title={c.title || t("history.untitled")}
        onClick={() => onOpen(c.id)}
      >
        {c.title || t("history.untitled")}
        {c.engine && (
          <span
            className="remote-mark"
            data-testid="remote-mark"
            title={t("engines.remoteMark", { host: c.engine.host })}
          >
            {" "}
            ⇄ {c.engine.host}
          </span>
        )}
      </button>
      <span className="row-actions">
        <button
          type="button"
          aria-label={c.pinned ? t("history.unpin") : t("history.pin")}
          onClick={() => onPin(c.id, !c.pinned)}
        >
          {c.pinned ? "★" : "☆"}
        </button>
        <button
          type="button"
          aria-label={t("history.rename")}
          onClick={() => {
            setTitle(c.title);
            setRenaming(true);
          }}
        >
          ✎
        </button>
        <button type="button" aria-label={t("history.delete")} onClick={() => onDelete(c.id)}>
          ✕
        </button>
      </span>
    </div>
  );
}

export const HistorySidebar = forwardRef<HTMLInputElement, HistorySidebarProps>(
  function HistorySidebar(props, searchRef) {
    const { t } = useTranslation();
    const [draft, setDraft] = useState(props.query);
    const { onSearch } = props;
    useEffect(() => {
      const timer = setTimeout(() => onSearch(draft), 120);
      return () => clearTimeout(timer);
    }, [draft, onSearch]);
    return (
      <div className="history-sidebar">
        <input
          ref={searchRef}
          type="search"
          aria-label={t("history.search")}
          placeholder={t("history.searchPlaceholder")}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        {props.canUndo && (
          <div className="toast" role="status">
            {t("history.deleted")}{" "}
            <button type="button" className="link" onClick={props.onUndo}>
              {t("history.undo")}
            </button>
          </div>
        )}
        <details className="history-tools">
          <summary>{t("history.export")}</summary>
          <button type="button" onClick={() => props.onExport("json")}>
            {t("history.exportJson")}
          </button>
          <button type="button" onClick={() => props.onExport("markdown")}>
            {t("history.exportMarkdown")}
          </button>
          <label className="file-button">
            {t("history.import")}
            <input
              type="file"
              accept="application/json,.json"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) props.onImport(file);
                e.target.value = "";
              }}
            />
          </label>
          {props.importMessage && (
            <p className="muted" role="status">
              {props.importMessage}
            </p>
          )}
        </details>
        {draft.trim() ? (
          <ul className="search-results" aria-label={t("history.results")}>
            {props.hits.length === 0 && <li className="muted">{t("history.noResults")}</li>}
            {props.hits.map((hit) => (
              <li key={hit.conversationId} data-testid="search-hit">
                <button
                  type="button"
                  title={hit.title || t("history.untitled")}
                  onClick={() => props.onOpen(hit.conversationId, hit.messageId)}
                >
                  <span className="hit-title">{hit.title || t("history.untitled")}</span>
                  <span className="hit-count">{t("history.matches", { count: hit.matches })}</span>
                  <span className="hit-snippet">
                    {hit.snippet.before}
                    <mark>{hit.snippet.match}</mark>
                    {hit.snippet.after}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        ) : (
          groupConversations(props.conversations).map(({ group, items }) => (
            <section key={group} className="conversation-group">
              <h3>{t(`history.${group}`)}</h3>
              {items.map((c) => (
                <ConversationRow key={c.id} c={c} active={c.id === props.activeId} {...props} />
              ))}
            </section>
          ))
        )}
      </div>
    );
  },
);
