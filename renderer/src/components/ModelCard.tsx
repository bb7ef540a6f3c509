import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { ModelView } from "../../../electron/shared/model-schemas";
import { wordsIn } from "../i18n/i18n";

/** A catalog variant's label ("4-bit") in the user's language. */
export function quantLabel(t: TFunction, label: string): string {
  const bits = /^(\d+)-bit$/.exec(label);
  return bits ? t("models.bits", { bits: bits[1] }) : label;
}

export const formatBytes = (bytes: number) =>
  bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;

export interface ModelCardProps {
  model: ModelView;
  task: { kind: string; bytes: number; total: number } | null;
  message: string;
  loaded: boolean;
  loadProgress: number | null;
  onDownload(): void;
  onPause(): void;
  onCancel(): void;
  onDelete(): void;
  onVerify(): void;
  onLoad(): void;
  onEject(): void;
}

/** One model: what it is, what it needs, where it stands, and what can be done with it. */
export function ModelCard(props: ModelCardProps) {
  const { t, i18n } = useTranslation();
  const { model, task } = props;
  const progress = model.progress;
  const percent = progress
    ? Math.floor((progress.bytes / progress.total) * 100)
    : task?.total
      ? Math.floor((task.bytes / task.total) * 100)
      : 0;
  const state = t(`models.state_${model.state}`, { percent });
  return (
    <li className="model-row" data-testid="model-card" data-state={model.state}>
      <div className="model-main">
        <div className="model-name">
          <strong>{model.inCatalog ? `${model.family} · ${quantLabel(t, model.label)}` : model.label}</strong>{" "}
          <span className="badge">{model.quantization}</span>
          {!model.inCatalog && <span className="badge">{t("models.custom")}</span>}
          {model.inCatalog && model.quantization === "Q4_K_M" && (
            <span className="badge recommended" data-testid="recommended">
              {t("models.recommended")}
            </span>
          )}
        </div>
        <div className="muted">
          {formatBytes(model.size)} · {t("models.needs", { ram: formatBytes(model.estimate.ramBytes) })}
          {model.estimate.fitsGpu !== null && (
            <> · {model.estimate.fitsGpu ? t("models.fitsGpu") : t("models.notFitsGpu")}</>
          )}
        </div>
        <div className="model-state" data-testid="model-state">
          {/* one state per model: a loaded model shows its "Loaded" pill, not "Ready" beside it */}
          {!props.loaded && state}
          {progress && progress.phase === "downloading" && progress.etaSeconds !== null && (
            <span className="muted">
              {" "}
              ·{" "}
              {t("models.speed", {
                speed: formatBytes(progress.bytesPerSecond),
                eta: `${Math.ceil(progress.etaSeconds)} s`,
              })}
            </span>
          )}
        </div>
        {(model.state === "downloading" || model.state === "verifying") && (
          <progress data-testid="download-progress" max={100} value={percent} aria-label={state} />
        )}
        {task?.kind === "verify" && (
          <progress max={task.total || 1} value={task.bytes} aria-label={t("models.state_verifying")} />
        )}
        {props.loadProgress !== null && (
          <progress
            max={1}
            value={props.loadProgress}
            aria-label={t("models.loading", { percent: Math.round(props.loadProgress * 100) })}
          />
        )}
        {model.error && (
          <p className="error-text" role="alert">
            {wordsIn(i18n.language, model.error, model.errorZh)}
          </p>
        )}
        {props.message && <p className="muted">{props.message}</p>}
      </div>
      <div className="model-actions">
        {model.state === "not_downloaded" && (
          <button type="button" className="primary" onClick={props.onDownload}>
            {t("models.download")}
          </button>
        )}
        {model.state === "failed" && model.inCatalog && (
          <button type="button" onClick={props.onDownload}>
            {t("models.download")}
          </button>
        )}
        {model.state === "downloading" && (
          <button type="button" onClick={props.onPause}>
            {t("models.pause")}
          </button>
        )}
        {model.state === "paused" && (
          <button type="button" className="primary" onClick={props.onDownload}>
            {t("models.resume")}
          </button>
        )}
        {(model.state === "downloading" || model.state === "paused") && (
          <button type="button" onClick={props.onCancel}>
            {t("models.cancel")}
          </button>
        )}
        {model.state === "ready" &&
          (props.loaded ? (
            <>
              <span className="badge ok">{t("models.loaded")}</span>
              <button type="button" onClick={props.onEject}>
                {t("models.eject")}
              </button>
            </>
          ) : (
            <button type="button" className="primary" onClick={props.onLoad} disabled={props.loadProgress !== null}>
              {t("models.load")}
            </button>
          ))}
        {model.state === "ready" && (
          <button type="button" onClick={props.onVerify} disabled={task !== null}>
            {t("models.verify")}
          </button>
        )}
        {(model.state === "ready" || model.state === "failed") && (
          <button
            type="button"
            onClick={() => {
              if (window.confirm(t("models.confirmDelete", { file: model.file }))) props.onDelete();
            }}
          >
            {t("models.delete")}
          </button>
        )}
      </div>
    </li>
  );
}
