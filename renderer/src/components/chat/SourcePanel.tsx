import { useTranslation } from "react-i18next";
import type { CitedSource } from "../../stores/attachments-store";

/** The text a citation like [p. 3] points at, beside the conversation. */
export function SourcePanel({
  source,
  error,
  onClose,
}: {
  source: CitedSource | null;
  error: string | null;
  onClose(): void;
}) {
  const { t } = useTranslation();
  if (!source && !error) return null;
  const title = source ? t("documents.source", { name: source.name, page: source.page }) : t("documents.sourceMissing");
  return (
    <aside className="source-panel" role="dialog" aria-label={title}>
      <header>
        <h3>{title}</h3>
        <button type="button" onClick={onClose} aria-label={t("documents.closeSource")}>
          ×
        </button>
      </header>
      {source ? <pre className="source-text">{source.text}</pre> : <p className="error-text">{error}</p>}
    </aside>
  );
}
