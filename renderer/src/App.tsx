import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { PreferencesControls } from "./components/PreferencesControls";
import { Sidebar } from "./components/Sidebar";
import { StatusBar } from "./components/StatusBar";
import { WelcomeScreen } from "./screens/WelcomeScreen";
import { type Screen, useAppStore } from "./stores/app-store";
import { useSettingsStore } from "./stores/settings-store";
import { useTheme } from "./use-theme";

const screens: readonly Screen[] = ["chat"];

export function App() {
  const { t } = useTranslation();
  const app = useAppStore();
  const settings = useSettingsStore();
  useTheme(settings.settings.theme);

  useEffect(() => {
    void useAppStore.getState().load();
    void useSettingsStore.getState().load();
  }, []);

  return (
    <div className="app-shell">
      <Sidebar
        screens={screens}
        current={app.screen}
        onNavigate={app.go}
        footer={<PreferencesControls settings={settings.settings} onChange={(patch) => void settings.update(patch)} />}
      />
      <main className="main-area">
        <WelcomeScreen dataDir={app.info?.dataDir ?? null} />
      </main>
      <StatusBar
        info={app.info}
        connection={app.connection}
        connectionError={app.connectionError}
        engine={t("status.engine", { state: t("status.engineNoModel") })}
      />
    </div>
  );
}
