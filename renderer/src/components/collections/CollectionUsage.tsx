import { useTranslation } from "react-i18next";
import type { CollectionUsage as Usage } from "../../../../electron/shared/collection-schemas";

export interface CollectionUsageProps {
  usage: Usage;
  pinned: readonly number[];
  excluded: readonly number[];
  /** Absent on older questions: pins and exclusions are offered for the next question only. */
  onPin?(fileId: number): void;
  onExclude?(fileId: number): void;
}

/** "Searched 35 files; used 6 passages from 4 files", with each file used and its pin / exclude toggles. */
export function CollectionUsage({ usage, pinned, excluded, onPin, onExclude }: CollectionUsageProps) {
  const { t } = useTranslation();
  const files = new Map<number, { name: string; count: number }>();
  for (const p of usage.passages) {
    const entry = files.get(p.fileId) ?? { name: p.file, count: 0 };
    entry.count++;
    files.set(p.fileId, entry);
  }
  return (
    <div className="collection-usage" data-testid="collection-usage">
      <p>
        {t("collections.usage", {
          searched: t("collections.fileCount", { count: usage.searched }),
          passages: t("collections.passageCount", { count: usage.passages.length }),
          files: t("collections.fileCount", { count: files.size }),
        })}
      </p>
      <ul className="attachments">
        {[...files].map(([fileId, file]) => (
          <li key={fileId} className="chip" data-testid="collection-used-file">
            {t("collections.usedFile", { name: file.name, count: file.count })}
            {onPin && (
              <button
                type="button"
                aria-pressed={pinned.includes(fileId)}
                aria-label={t("collections.pinLabel", { name: file.name })}
                onClick={() => onPin(fileId)}
              >
                {t(pinned.includes(fileId) ? "collections.unpin" : "collections.pin")}
              </button>
            )}
            {onExclude && (
              <button
                type="button"
                aria-pressed={excluded.includes(fileId)}
                aria-label={t("collections.excludeLabel", { name: file.name })}
                onClick={() => onExclude(fileId)}
              >
                {t(excluded.includes(fileId) ? "collections.include" : "collections.exclude")}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
