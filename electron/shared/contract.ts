/**
 * The IPC contract: every channel between the renderer and the main process, declared once.
 * Main validates each payload against it, the preload builds `window.inkstone` from it, and
 * web mode serves it over a WebSocket. Add a channel here, then its handler in electron/core/handlers.
 */
import { z } from "zod";
import { type ContractDef, call } from "./contract-kit.js";

export const languageSchema = z.enum(["en", "zh-CN"]);
export const themeSchema = z.enum(["light", "dark", "system"]);

export const settingsSchema = z.object({
  language: languageSchema.nullable(),
  theme: themeSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(["electron", "web"]),
  platform: z.string(),
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const empty = z.object({}).strict();

export const contract = {
  "app.info": call({ request: empty, response: appInfoSchema }),
  "app.echo": call({
    request: z.object({ text: z.string().max(10_000) }).strict(),
    response: z.object({ text: z.string(), receivedAt: z.number() }),
  }),
  "settings.get": call({ request: empty, response: settingsSchema }),
  "settings.update": call({ request: settingsSchema.partial().strict(), response: settingsSchema }),
} satisfies ContractDef;

export type Contract = typeof contract;
export const channelNames = Object.keys(contract) as (keyof Contract)[];

/** Broadcasts from main, by name. */
export const notifications = {
  "settings.changed": settingsSchema,
} as const;
export type NotificationName = keyof typeof notifications;
export type NotificationData<N extends NotificationName> = z.infer<(typeof notifications)[N]>;
