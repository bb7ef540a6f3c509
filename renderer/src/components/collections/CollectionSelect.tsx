import { useTranslation } from "react-i18next";
import type { CollectionSummary } from "../../../../electron/shared/collection-schemas";

/** Attaches a collection to the chat's next questions (beside the Mode menu). */
export function CollectionSelect(props: {
  collections: CollectionSummary[];
  value: string | null;
  pinned: number;
  excluded: number;
  onChange(id: string | null): void;
}) {
  const { t } = useTranslation();
  if (props.collections.length === 0) return null;
  return (
    <>
      <label className="collection-select">
        {t("collections.attach")}{" "}
        <select value={props.value ?? ""} onChange={(e) => props.onChange(e.target.value || null)}>
          <option value="">{t("collections.attachNone")}</option>
          {props.collections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {props.value && props.pinned + props.excluded > 0 && (
        <span className="muted" data-testid="next-question-files">
          {t("collections.nextQuestion", { pinned: props.pinned, excluded: props.excluded })}
        </span>
      )}
    </>
  );
}
