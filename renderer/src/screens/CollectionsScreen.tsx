import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { CollectionCard } from "../components/collections/CollectionCard";
import { CollectionFiles } from "../components/collections/CollectionFiles";
import { useCollectionsStore } from "../stores/collections-store";

/** Make a collection from a folder or chosen files, follow its indexing, see each file's state. */
export function CollectionsScreen() {
  const { t } = useTranslation();
  const store = useCollectionsStore();
  const [name, setName] = useState("");
  const [paths, setPaths] = useState("");
  useEffect(() => {
    void useCollectionsStore.getState().refresh();
  }, []);
  const shown = store.collections.find((c) => c.id === store.shownId);
  return (
    <section className="collections-screen" aria-label={t("collections.title")}>
      <h2>{t("collections.title")}</h2>
      <p className="muted">{t("collections.intro")}</p>
      <form
        className="collection-form"
        onSubmit={(e) => {
          e.preventDefault();
          void store.create(name.trim(), paths).then((ok) => {
            if (ok) {
              setName("");
              setPaths("");
            }
          });
        }}
      >
        <label>
          {t("collections.name")} <input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />
        </label>
        <label>
          {t("collections.paths")}
          <textarea value={paths} onChange={(e) => setPaths(e.target.value)} rows={2} />
        </label>
        <button type="submit" className="primary" disabled={!name.trim() || !paths.trim()}>
          {t("collections.create")}
        </button>
      </form>
      {store.error && (
        <p className="error-banner" role="alert">
          {store.error}
        </p>
      )}
      {store.collections.length === 0 ? (
        <p>{t("collections.none")}</p>
      ) : (
        <ul className="collection-list">
          {store.collections.map((c) => (
            <CollectionCard
              key={c.id}
              collection={c}
              current={store.current[c.id]}
              onOpen={() => void store.show(c.id)}
              onPause={() => void store.pause(c.id)}
              onResume={() => void store.resume(c.id)}
              onCancel={() => void store.cancel(c.id)}
              onDelete={() => void store.remove(c.id)}
            />
          ))}
        </ul>
      )}
      {shown && <CollectionFiles name={shown.name} files={store.files} />}
    </section>
  );
}
