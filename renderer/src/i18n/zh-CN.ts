import type { Messages } from "./en";

export const zhCN: Messages = {
  app: { name: "砚台 Inkstone", tagline: "在你自己的电脑上运行的推理模型。" },
  nav: { label: "主导航", chat: "对话", history: "历史", models: "模型", documents: "文档", evaluate: "评测" },
  settings: {
    language: "语言",
    theme: "主题",
    themeLight: "浅色",
    themeDark: "深色",
    themeSystem: "跟随系统",
    languageAuto: "跟随系统",
  },
  status: {
    label: "状态",
    connecting: "正在连接…",
    connected: "已连接",
    offline: "离线",
    disconnected: "未连接:{{message}}",
    mode_electron: "桌面应用",
    mode_web: "网页模式",
    engine: "推理引擎:{{state}}",
    engineNoModel: "未加载模型",
  },
  welcome: {
    title: "欢迎使用砚台 Inkstone",
    body: "一切都在这台电脑上运行:无需账号,不走云端,数据不会离开本机。",
    dataDir: "你的数据保存在 {{dir}}",
  },
};
