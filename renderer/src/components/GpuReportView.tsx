import { useTranslation } from "react-i18next";
import type { EngineStatus } from "../../../electron/shared/engine-schemas";
import { wordsIn } from "../i18n/i18n";

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;

/** Backends by their proper names (the same in every language). */
export const BACKEND_NAMES: Record<string, string> = { cuda: "CUDA", vulkan: "Vulkan", metal: "Metal", cpu: "CPU" };
export const backendName = (backend: string) => BACKEND_NAMES[backend] ?? backend;

export function GpuReportView({ status, onRestart }: { status: EngineStatus | null; onRestart(): void }) {
  const { t, i18n } = useTranslation();
  if (!status) return null;
  const gpu = status.gpu;
  return (
    <div className="gpu-report" data-testid="gpu-report">
      <p>
        {t("engine.backendIs")}
        <strong>{gpu ? backendName(gpu.backend) : "–"}</strong>
        {gpu && ` · ${t("engine.threads", { count: gpu.threads })}`}
        {gpu?.vram && ` · ${t("engine.vram", { free: gb(gpu.vram.free), total: gb(gpu.vram.total) })}`}
      </p>
      {gpu && gpu.devices.length > 0 && <p>{t("engine.devicesAre", { devices: gpu.devices.join(", ") })}</p>}
      <ul>
        {gpu?.skipped.map((s) => (
          <li key={s.backend}>
            {t("engine.skipped", {
              backend: backendName(s.backend),
              reason: s.code ? t(`engine.skip_${s.code}`, { detail: s.detail ?? "" }) : s.reason,
            })}
          </li>
        ))}
      </ul>
      {status.model && (
        <p>
          <span className="model-name">{status.model.name}</span> ·{" "}
          {t("engine.layers", { gpu: status.model.gpuLayers, total: status.model.totalLayers })} ·{" "}
          {t("engine.context", { size: status.model.contextSize })} ·{" "}
          {t("engine.loadTime", { ms: status.model.loadMs })}
        </p>
      )}
      {status.state === "crashed" && (
        <div className="error-banner" role="alert">
          <p>{t("engine.crashed")}</p>
          <p className="muted">{status.error && wordsIn(i18n.language, status.error, status.errorZh)}</p>
          <button type="button" className="primary" onClick={onRestart}>
            {t("engine.restart")}
          </button>
        </div>
      )}
    </div>
  );
}
