import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { AppInfo } from "../../../electron/shared/contract/index";

export interface StatusBarProps {
  info: AppInfo | null;
  connection: "connecting" | "connected" | "failed";
  connectionError: string | null;
  engine: ReactNode;
  network?: ReactNode;
}

export function StatusBar({ info, connection, connectionError, engine, network }: StatusBarProps) {
  const { t } = useTranslation();
  return (
    <footer className="status-bar" role="status" aria-label={t("status.label")}>
      <span data-testid="connection-state">
        {connection === "connecting" && t("status.connecting")}
        {connection === "connected" && t("status.connected")}
        {connection === "failed" && t("status.disconnected", { message: connectionError ?? "" })}
      </span>
      {info && (
        <span data-testid="app-mode">
          {t(`status.mode_${info.mode}`)} · v{info.version}
        </span>
      )}
      <span data-testid="engine-state">{engine}</span>
      <span className="status-spacer" />
      {network ?? <span data-testid="network-state">{t("status.offline")}</span>}
    </footer>
  );
}
