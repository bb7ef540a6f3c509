import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SourceId } from "../../../electron/shared/model-schemas";
import { getClient } from "../client/instance";
import { GpuReportView } from "../components/GpuReportView";
import { ModelCard } from "../components/ModelCard";
import { useAppStore } from "../stores/app-store";
import { useEngineStore } from "../stores/engine-store";
import { useModelsStore } from "../stores/models-store";
import { useSettingsStore } from "../stores/settings-store";

export function ModelsScreen() {
  const { t } = useTranslation();
  const engine = useEngineStore();
  const models = useModelsStore();
  const settings = useSettingsStore();
  const [importPath, setImportPath] = useState("");
  // the desktop app has the OS file dialog; web mode types the path
  const desktop = useAppStore((s) => s.info?.mode === "electron");
  const chooseFile = async () => {
    const { path } = await getClient().call("app.pickModelFile", {});
    if (path) models.importFile(path);
  };
  const [mirror, setMirror] = useState(settings.settings.mirrorBase ?? "");
  const [newFolder, setNewFolder] = useState("");
  const [folderMessage, setFolderMessage] = useState<string | null>(null);
  useEffect(() => {
    void useModelsStore.getState().refresh();
  }, []);
  // a finished import clears the path it came from
  const importDone = models.messages.import;
  useEffect(() => {
    if (importDone?.startsWith("✓")) setImportPath("");
  }, [importDone]);
  const loadedPath = engine.status?.model?.path;
  return (
    <section className="models-screen" aria-label={t("models.title")}>
      <h1>{t("models.title")}</h1>
      <p className="muted">{t("models.folder", { dir: models.dir })}</p>
      <div className="model-options">
        <label className="inline-field">
          {t("models.contextSize")}
          <select value={models.contextSize} onChange={(e) => models.setContextSize(Number(e.target.value))}>
            {[2048, 4096, 8192, 16384, 32768].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          {t("models.source")}
          <select value={models.source} onChange={(e) => models.setSource(e.target.value as SourceId)}>
            {(["hf", "mirror", "modelscope"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`models.source_${s}`)}
              </option>
            ))}
          </select>
        </label>
        {models.source === "mirror" && (
          <label className="inline-field">
            {t("models.mirrorBase")}
            <input
              type="url"
              value={mirror}
              placeholder="https://hf-mirror.com"
              onChange={(e) => setMirror(e.target.value)}
              onBlur={() => void settings.update({ mirrorBase: mirror.trim() || null })}
            />
          </label>
        )}
      </div>
      <ul className="model-list">
        {models.models.map((model) => (
          <ModelCard
            key={model.id}
            model={model}
            task={models.tasks[model.file] ?? null}
            message={models.messages[model.file] ?? ""}
            loaded={loadedPath?.split(/[\\/]/).pop() === model.file}
            loadProgress={engine.loading?.file === model.file ? engine.loading.progress : null}
            onDownload={() => models.download(model)}
            onPause={() => void models.pause(model)}
            onCancel={() => void models.cancel(model)}
            onDelete={() => void models.remove(model)}
            onVerify={() => models.verify(model)}
            onLoad={() => void engine.load(model.file, models.contextSize)}
            onEject={() => void engine.eject()}
          />
        ))}
      </ul>
      <form
        className="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (importPath.trim()) models.importFile(importPath.trim());
        }}
      >
        <label>
          {t("models.importPath")}
          <input
            value={importPath}
            onChange={(e) => setImportPath(e.target.value)}
            placeholder="/media/usb/DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf"
          />
        </label>
        <button type="submit" className="primary" disabled={!importPath.trim() || "import" in models.tasks}>
          {t("models.import")}
        </button>
        {desktop && (
          <button type="button" onClick={() => void chooseFile()} disabled={"import" in models.tasks}>
            {t("models.chooseFile")}
          </button>
        )}
        {models.tasks.import && <progress max={models.tasks.import.total || 1} value={models.tasks.import.bytes} />}
        {models.messages.import && (
          <p className="muted" role="status" data-testid="import-message">
            {models.messages.import}
          </p>
        )}
      </form>
      <form
        className="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          setFolderMessage(null);
          void getClient()
            .call("models.moveFolder", { dir: newFolder.trim() })
            .then(({ dir }) => {
              setFolderMessage(t("models.moved", { dir }));
              void models.refresh();
            })
            .catch((error: Error) => setFolderMessage(error.message));
        }}
      >
        <label>
          {t("models.moveFolder")}
          <input value={newFolder} onChange={(e) => setNewFolder(e.target.value)} placeholder="/data/inkstone-models" />
        </label>
        <button type="submit" className="primary" disabled={!newFolder.trim()}>
          {t("models.move")}
        </button>
        {folderMessage && (
          <p className="muted" role="status">
            {folderMessage}
          </p>
        )}
      </form>
      {(engine.error || models.error) && (
        <p className="error-banner" role="alert">
          {engine.error ?? models.error}
        </p>
      )}
      <h2>{t("models.gpuReport")}</h2>
      <GpuReportView status={engine.status} onRestart={() => void engine.restart()} />
    </section>
  );
}
