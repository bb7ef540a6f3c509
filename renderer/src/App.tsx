import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { HistorySidebar } from "./components/HistorySidebar";
import { PreferencesControls } from "./components/PreferencesControls";
import { PrintView } from "./components/PrintView";
import { Sidebar } from "./components/Sidebar";
import { StatusBar } from "./components/StatusBar";
import { saveFile } from "./save-file";
import { ChatScreen } from "./screens/ChatScreen";
import { CollectionsScreen } from "./screens/CollectionsScreen";
import { EvaluateScreen } from "./screens/EvaluateScreen";
import { ModelsScreen } from "./screens/ModelsScreen";
import { SettingsScreen } from "./screens/SettingsScreen";
import { type Screen, useAppStore } from "./stores/app-store";
import { useChatStore } from "./stores/chat-store";
import { useCollectionsStore } from "./stores/collections-store";
import { useConversationsStore } from "./stores/conversations-store";
import { useEngineStore } from "./stores/engine-store";
import { useEvalStore } from "./stores/eval-store";
import { useNetworkStore } from "./stores/network-store";
import { useSettingsStore } from "./stores/settings-store";
import { useShortcuts } from "./use-shortcuts";
import { useTheme } from "./use-theme";

const screens: readonly Screen[] = ["chat", "collections", "models", "evaluate", "settings"];

/** Web mode: the browser's print dialog ("Save as PDF" is one of its destinations). */
const openPrintDialog = () => window.print();

/** The desktop app: printToPDF of the print view (the store asks main), saved where the user says. */
const savePdf = () => void useConversationsStore.getState().savePdf();

export function App() {
  const { t } = useTranslation();
  const app = useAppStore();
  const settings = useSettingsStore();
  const engine = useEngineStore((s) => s.status);
  const restartEngine = useEngineStore((s) => s.restart);
  const conversations = useConversationsStore();
  const chatConversationId = useChatStore((s) => s.conversationId);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [importMessage, setImportMessage] = useState<string | null>(null);
  useTheme(settings.settings.theme);

  useEffect(() => {
    void useAppStore.getState().load();
    void useSettingsStore.getState().load();
    void useEngineStore.getState().init();
    void useConversationsStore.getState().refresh();
    void useNetworkStore.getState().init();
    void useCollectionsStore.getState().init();
  }, []);
  const activeHosts = useNetworkStore((s) => s.activeHosts);
  // a remote engine in use (the open conversation's, or an Evaluate run's while it runs): the status bar says where
  // answers are computed, not "Offline"
  const chatHost = useChatStore((s) => s.engine?.host ?? null);
  const evalHost = useEvalStore((s) => s.running?.host ?? null);
  const remoteHosts = [...new Set([evalHost, chatHost].filter((h): h is string => h !== null))];
  const remoteHost = remoteHosts.length ? remoteHosts.join(", ") : null;
  const remoteNames = remoteHosts.map((host) => new URL(`http://${host}`).hostname);
  const downloads = activeHosts.filter((host) => !remoteNames.includes(host));

  const shortcuts = useMemo(
    () => ({
      newChat: () => {
        useChatStore.getState().newChat();
        useAppStore.getState().go("chat");
        setTimeout(() => composerRef.current?.focus(), 0);
      },
      search: () => searchRef.current?.focus(),
      copyLastAnswer: () => {
        const last = [...useChatStore.getState().messages].reverse().find((m) => m.role === "assistant");
        if (last) void navigator.clipboard.writeText(last.content);
      },
    }),
    [],
  );
  useShortcuts(shortcuts);

  const engineText = engine ? t(`engine.state_${engine.state}`) : t("status.connecting");

  return (
    <div className="app-shell">
      <Sidebar
        screens={screens}
        current={app.screen}
        onNavigate={app.go}
        footer={<PreferencesControls settings={settings.settings} onChange={(patch) => void settings.update(patch)} />}
      >
        <HistorySidebar
          ref={searchRef}
          conversations={conversations.conversations}
          activeId={chatConversationId}
          query={conversations.query}
          hits={conversations.hits}
          canUndo={conversations.lastDeleted !== null}
          onSearch={conversations.search}
          onOpen={(id, messageId) => {
            useAppStore.getState().go("chat");
            void useChatStore.getState().open(id, messageId ?? null);
          }}
          onRename={(id, title) => void conversations.rename(id, title)}
          onPin={(id, pinned) => void conversations.setPinned(id, pinned)}
          onDelete={(id) => {
            if (id === chatConversationId) useChatStore.getState().newChat();
            void conversations.remove(id);
          }}
          onUndo={() => void conversations.undoDelete()}
          onExport={(format) =>
            void conversations.exportAll(format).then((file) => {
              if (file) saveFile(file.filename, file.content, format === "json" ? "application/json" : "text/markdown");
            })
          }
          onImport={(file) => {
            void conversations
              .importFile(file)
              .then((count) => setImportMessage(count ? t("history.imported", { count }) : null));
          }}
          importMessage={importMessage ?? conversations.error}
        />
      </Sidebar>
      <main className="main-area">
        {conversations.notice && (
          <p className="error-banner" role="alert">
            {conversations.notice}
          </p>
        )}
        {engine?.state === "crashed" && app.screen !== "models" && (
          <div className="error-banner" role="alert">
            {t("engine.crashed")}{" "}
            <button type="button" className="primary" onClick={() => void restartEngine()}>
              {t("engine.restart")}
            </button>
          </div>
        )}
        {app.screen === "chat" && <ChatScreen ref={composerRef} />}
        {app.screen === "collections" && <CollectionsScreen />}
        {app.screen === "models" && <ModelsScreen />}
        {app.screen === "evaluate" && <EvaluateScreen />}
        {app.screen === "settings" && <SettingsScreen />}
      </main>
      {conversations.printing && (
        <PrintView
          thread={conversations.printing}
          onPrint={app.info?.mode === "electron" ? savePdf : openPrintDialog}
          onDone={conversations.donePrinting}
        />
      )}
      <StatusBar
        info={app.info}
        connection={app.connection}
        connectionError={app.connectionError}
        engine={t("status.engine", { state: engineText })}
        network={
          <span data-testid="network-state">
            {remoteHost
              ? t("engines.computedOn", { host: remoteHost })
              : downloads.length
                ? t("status.downloadingFrom", { hosts: downloads.join(", ") })
                : t("status.offline")}
          </span>
        }
      />
    </div>
  );
}
