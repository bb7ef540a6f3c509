import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CollectionProgress, CollectionSummary } from "../../../../electron/shared/collection-schemas";

export interface CollectionCardProps {
  collection: CollectionSummary;
  current: CollectionProgress["file"] | undefined;
  onOpen(): void;
  onPause(): void;
  onResume(): void;
  onCancel(): void;
  onDelete(): void;
}

/** One collection: its counts, its indexing progress with pause / resume / cancel, open and delete. */
export function CollectionCard({ collection: c, current, ...on }: CollectionCardProps) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const busy = c.status !== "idle";
  return (
    <li className="collection-card" data-testid="collection" aria-label={c.name}>
      <h3>{c.name}</h3>
      <p className="muted">{c.dir}</p>
      <p data-testid="collection-summary">
        {t("collections.summary", { files: c.files, pages: c.pages, failed: c.failed })}
      </p>
      {c.notice && <p role="note">{c.notice}</p>}
      {busy && (
        <div data-testid="collection-progress">
          <p>
            {t(c.status === "paused" ? "collections.paused" : "collections.indexing", { done: c.done, total: c.total })}
          </p>
          <progress max={Math.max(1, c.total)} value={c.done} aria-label={t("documents.progress")} />
          {current && c.status === "indexing" && (
            <p className="muted">
              {current.stage === "ocr"
                ? t("collections.ocrPage", { name: current.name, page: (current.page ?? 0) + 1, pages: current.pages })
                : t("collections.readingFile", { name: current.name })}
            </p>
          )}
        </div>
      )}
      <div className="message-actions">
        <button type="button" onClick={on.onOpen}>
          {t("collections.open")}
        </button>
        {c.status === "indexing" && (
          <button type="button" onClick={on.onPause}>
            {t("collections.pause")}
          </button>
        )}
        {c.status === "paused" && (
          <button type="button" onClick={on.onResume}>
            {t("collections.resume")}
          </button>
        )}
        {busy && (
          <button type="button" onClick={on.onCancel}>
            {t("collections.cancel")}
          </button>
        )}
        {!confirming ? (
          <button type="button" onClick={() => setConfirming(true)}>
            {t("collections.delete")}
          </button>
        ) : (
          <span role="alertdialog" aria-label={t("collections.delete")}>
            {t("collections.confirmDelete", { name: c.name })}{" "}
            <button type="button" className="danger" onClick={on.onDelete}>
              {t("collections.delete")}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t("collections.cancel")}
            </button>
          </span>
        )}
      </div>
    </li>
  );
}
