import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Backend } from "../../../electron/shared/engine-schemas";
import { getClient } from "../client/instance";
import { EnginesSection } from "../components/engines/EnginesSection";
import { GpuReportView } from "../components/GpuReportView";
import { LocalApiSection } from "../components/local-api/LocalApiSection";
import { useEngineStore } from "../stores/engine-store";
import { useNetworkStore } from "../stores/network-store";

export function SettingsScreen() {
  const { t } = useTranslation();
  const engine = useEngineStore();
  const network = useNetworkStore();
  const [backend, setBackend] = useState<Backend>(engine.status?.backend ?? "auto");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void useNetworkStore.getState().refreshLog();
  }, []);
  return (
    <section className="models-screen" aria-label={t("settingsScreen.title")}>
      <h1>{t("settingsScreen.title")}</h1>
      <h2>{t("settingsScreen.engine")}</h2>
      <label className="inline-field">
        {t("engine.backend")}
        <select value={backend} onChange={(e) => setBackend(e.target.value as Backend)}>
          {(["auto", "cuda", "vulkan", "cpu"] as const).map((b) => (
            <option key={b} value={b}>
              {t(`settingsScreen.backend_${b}`)}
            </option>
          ))}
        </select>
      </label>{" "}
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await getClient().call("engine.restart", { backend });
          } finally {
            setBusy(false);
          }
        }}
      >
        {t("settingsScreen.apply")}
      </button>
      <GpuReportView status={engine.status} onRestart={() => void engine.restart()} />
      <EnginesSection />
      <h2>{t("settingsScreen.network")}</h2>
      <p className="muted">{t("settingsScreen.networkHelp")}</p>
      <button type="button" onClick={() => void network.refreshLog()}>
        {t("settingsScreen.refresh")}
      </button>
      {network.log.length === 0 ? (
        <p data-testid="network-log-empty">{t("settingsScreen.noConnections")}</p>
      ) : (
        <table className="network-log" data-testid="network-log">
          <thead>
            <tr>
              <th>{t("settingsScreen.time")}</th>
              <th>{t("settingsScreen.host")}</th>
              <th>{t("settingsScreen.result")}</th>
              <th>{t("settingsScreen.reason")}</th>
            </tr>
          </thead>
          <tbody>
            {network.log.map((entry) => (
              <tr key={`${entry.at}-${entry.host}-${entry.reason}`}>
                <td>{new Date(entry.at).toLocaleString()}</td>
                <td>{entry.host}</td>
                <td>{entry.allowed ? t("settingsScreen.allowed") : t("settingsScreen.blocked")}</td>
                <td>{entry.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LocalApiSection />
    </section>
  );
}
