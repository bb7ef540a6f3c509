import { useTranslation } from "react-i18next";
import type { CollectionFile } from "../../../../electron/shared/collection-schemas";
import { DOCUMENT_LIMITS } from "../../../../electron/shared/document-limits";

/** A collection's files: pages and state (indexed, read by OCR, failed with the reason in the user's language). */
export function CollectionFiles({ name, files }: { name: string; files: CollectionFile[] }) {
  const { t, i18n } = useTranslation();
  const reason = (file: CollectionFile) => {
    const key = `collections.reasons.${file.reason}`;
    return file.reason && i18n.exists(key)
      ? t(key, { maxMegabytes: DOCUMENT_LIMITS.maxBytes / 1024 / 1024, maxPages: DOCUMENT_LIMITS.maxPages })
      : (file.message ?? "");
  };
  return (
    <table className="collection-files" aria-label={t("collections.files", { name })}>
      <thead>
        <tr>
          <th>{t("collections.file")}</th>
          <th>{t("collections.pages")}</th>
          <th>{t("collections.state")}</th>
        </tr>
      </thead>
      <tbody>
        {files.map((file) => (
          <tr key={file.id} data-testid="collection-file" data-state={file.state}>
            <td>{file.name}</td>
            <td>{file.state === "failed" || file.state === "pending" ? "" : file.pages}</td>
            <td title={file.message ?? undefined}>
              {t(`collections.state_${file.state}`)}
              {file.state === "failed" && `: ${reason(file)}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
