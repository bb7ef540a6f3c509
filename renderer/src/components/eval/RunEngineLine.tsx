import { useTranslation } from "react-i18next";
import type { RunRecord } from "../../../../electron/shared/eval-schemas";
import { backendName } from "../GpuReportView";

/** Which engine computed a run's answers: a server's model and host (and its name in Settings → Engines), or this computer. */
export function RunEngineLine({ run }: { run: RunRecord }) {
  const { t } = useTranslation();
  const server = run.engine;
  if (!server) return <span>{t("evaluate.ranHere", { backend: backendName(run.backend) })}</span>;
  const words = { model: server.model || "model", host: server.host, name: server.name ?? "" };
  return (
    <span data-testid="run-server">
      {t(server.name ? "evaluate.ranOnNamed" : "evaluate.ranOn", { ...words, interpolation: { escapeValue: false } })}
    </span>
  );
}
