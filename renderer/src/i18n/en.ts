export const en = {
  app: { name: "Inkstone", tagline: "A reasoning model that runs on your own computer." },
  nav: {
    label: "Main",
    chat: "Chat",
    history: "History",
    models: "Models",
    documents: "Documents",
    evaluate: "Evaluate",
  },
  settings: {
    language: "Language",
    theme: "Theme",
    themeLight: "Light",
    themeDark: "Dark",
    themeSystem: "System",
    languageAuto: "Follow system",
  },
  status: {
    label: "Status",
    connecting: "Connecting…",
    connected: "Connected",
    offline: "Offline",
    disconnected: "Not connected: {{message}}",
    mode_electron: "Desktop app",
    mode_web: "Web mode",
    engine: "Engine: {{state}}",
    engineNoModel: "no model loaded",
  },
  welcome: {
    title: "Welcome to Inkstone",
    body: "Everything runs on this computer: no account, no cloud, nothing leaves the machine.",
    dataDir: "Your data is stored in {{dir}}",
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;
