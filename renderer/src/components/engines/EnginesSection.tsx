import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useEnginesStore } from "../../stores/engines-store";
import { EngineForm } from "./EngineForm";
import { TestResult } from "./TestResult";

/** Settings → Engines: the servers a conversation may be answered on. None until the user adds one. */
export function EnginesSection() {
  const { t } = useTranslation();
  const store = useEnginesStore();
  const [editing, setEditing] = useState<string | null>(null);
  useEffect(() => {
    void useEnginesStore.getState().load();
  }, []);
  return (
    <div className="engines" data-testid="engines">
      <h2>{t("engines.title")}</h2>
      <p className="muted">{t("engines.help")}</p>
      {store.error && <p role="alert">{store.error}</p>}
      {store.engines.length === 0 ? (
        <p data-testid="engines-none">{t("engines.none")}</p>
      ) : (
        <ul className="engine-list">
          {store.engines.map((engine) =>
            editing === engine.id ? (
              <li key={engine.id}>
                <EngineForm
                  engine={engine}
                  test={store.tests[engine.id]}
                  onTest={(input) => void store.test(engine.id, input)}
                  onSave={async (input) => {
                    if (await store.save(input)) setEditing(null);
                  }}
                  onCancel={() => setEditing(null)}
                />
              </li>
            ) : (
              <li key={engine.id} data-testid="engine-row">
                <strong>{engine.name}</strong> · <code>{engine.url}</code> · {engine.model || t("engines.modelHint")} ·{" "}
                <span className={engine.key === "missing" ? "warning" : "muted"}>
                  {t(`engines.apiKey_${engine.key}`)}
                </span>{" "}
                <button
                  type="button"
                  onClick={() =>
                    void store.test(engine.id, {
                      id: engine.id,
                      url: engine.url,
                      model: engine.model,
                      responseTimeoutS: 30,
                    })
                  }
                >
                  {store.tests[engine.id]?.kind === "testing" ? t("engines.testing") : t("engines.test")}
                </button>{" "}
                <button type="button" onClick={() => setEditing(engine.id)}>
                  {t("engines.edit")}
                </button>{" "}
                <button type="button" onClick={() => void store.remove(engine.id)}>
                  {t("engines.remove")}
                </button>
                <TestResult state={store.tests[engine.id]} />
              </li>
            ),
          )}
        </ul>
      )}
      <h3>{t("engines.add")}</h3>
      <EngineForm
        key={store.engines.length}
        test={store.tests.draft}
        onTest={(input) => void store.test("draft", input)}
        onSave={(input) => void store.save(input)}
      />
    </div>
  );
}
