/**
 * The IPC contract: every channel between the renderer and the main process, declared once, one file a domain.
 * Main validates each payload against it, the preload builds `window.inkstone` from it, and web mode serves it
 * over a WebSocket. Add a channel to its domain's file (a new domain: a new file, spread in below), then its
 * handler in electron/core/handlers/ under the same domain.
 */
import { z } from "zod";
import { collectionProgressSchema } from "../collection-schemas.js";
import type { ContractDef } from "../contract-kit.js";
import { engineStatusSchema } from "../engine-schemas.js";
import { localApiStatusSchema } from "../local-api-schemas.js";
import { appChannels } from "./app.js";
import { chatChannels } from "./chat.js";
import { collectionsChannels } from "./collections.js";
import { documentsChannels } from "./documents.js";
import { engineChannels } from "./engine.js";
import { enginesChannels } from "./engines.js";
import { evaluateChannels } from "./evaluate.js";
import { historyChannels } from "./history.js";
import { homeworkChannels } from "./homework.js";
import { localApiChannels } from "./local-api.js";
import { modelsChannels } from "./models.js";
import { networkChannels, networkStatusSchema } from "./network.js";
import { settingsChannels, settingsSchema } from "./settings.js";
import { uploadsChannels } from "./uploads.js";

export { type AppInfo, appInfoSchema } from "./app.js";
export { chatTurnResultSchema } from "./chat.js";
export { localModelSchema } from "./models.js";
export { networkStatusSchema } from "./network.js";
export { languageSchema, type Settings, settingsSchema, themeSchema } from "./settings.js";

export const contract = {
  ...appChannels,
  ...settingsChannels,
  ...engineChannels,
  ...modelsChannels,
  ...evaluateChannels,
  ...networkChannels,
  ...documentsChannels,
  ...collectionsChannels,
  ...homeworkChannels,
  ...chatChannels,
  ...historyChannels,
  ...localApiChannels,
  ...enginesChannels,
  ...uploadsChannels,
} satisfies ContractDef;

export type Contract = typeof contract;
export const channelNames = Object.keys(contract) as (keyof Contract)[];

/** Broadcasts from main, by name. */
export const notifications = {
  "settings.changed": settingsSchema,
  "engine.status": engineStatusSchema,
  "models.changed": z.object({}),
  "network.status": networkStatusSchema,
  "localApi.status": localApiStatusSchema,
  "collections.progress": collectionProgressSchema,
} as const;
export type NotificationName = keyof typeof notifications;
export type NotificationData<N extends NotificationName> = z.infer<(typeof notifications)[N]>;
