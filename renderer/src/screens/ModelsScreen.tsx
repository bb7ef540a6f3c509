import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { GpuReportView } from "../components/GpuReportView";
import { useEngineStore } from "../stores/engine-store";

const formatSize = (bytes: number) =>
  bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;

export function ModelsScreen() {
  const { t } = useTranslation();
  const engine = useEngineStore();
  const [contextSize, setContextSize] = useState(8192);
  useEffect(() => {
    void useEngineStore.getState().refreshModels();
  }, []);
  const loadedPath = engine.status?.model?.path;
  return (
    <section className="models-screen" aria-label={t("models.title")}>
      <h1>{t("models.title")}</h1>
      <p className="muted">{t("models.folder", { dir: engine.modelsDir })}</p>
      <label className="inline-field">
        {t("models.contextSize")}
        <select value={contextSize} onChange={(e) => setContextSize(Number(e.target.value))}>
          {[2048, 4096, 8192, 16384, 32768].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      {engine.models.length === 0 && <p>{t("models.none")}</p>}
      <ul className="model-list">
        {engine.models.map((model) => {
          const loading = engine.loading?.file === model.name ? engine.loading : null;
          const loaded = loadedPath === model.path;
          return (
            <li key={model.name} className="model-row" data-testid="model-row">
              <span className="model-name">{model.name}</span>
              <span className="muted">{formatSize(model.size)}</span>
              {loading ? (
                <>
                  <progress
                    max={1}
                    value={loading.progress}
                    aria-label={t("models.loading", { percent: Math.round(loading.progress * 100) })}
                  />
                  <button type="button" onClick={engine.cancelLoad}>
                    {t("models.cancel")}
                  </button>
                </>
              ) : loaded ? (
                <>
                  <span className="badge ok">{t("models.loaded")}</span>
                  <button type="button" onClick={() => void engine.eject()}>
                    {t("models.eject")}
                  </button>
                </>
              ) : (
                <button type="button" className="primary" onClick={() => void engine.load(model.name, contextSize)}>
                  {t("models.load")}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {engine.error && (
        <p className="error-banner" role="alert">
          {engine.error}
        </p>
      )}
      <h2>{t("models.gpuReport")}</h2>
      <GpuReportView status={engine.status} onRestart={() => void engine.restart()} />
    </section>
  );
}
