/** The settings.* channels and the settings' shape. */
import { z } from "zod";
import { type ContractDef, call } from "../contract-kit.js";
import { empty } from "./common.js";

export const languageSchema = z.enum(["en", "zh-CN"]);
export const themeSchema = z.enum(["light", "dark", "system"]);

export const settingsSchema = z.object({
  language: languageSchema.nullable(),
  theme: themeSchema,
  /** Base URL of a Hugging Face-compatible mirror (Hugging Face is blocked in some regions). */
  mirrorBase: z.string().url().max(500).nullable().default(null),
  /** The models folder, when the user moved it away from the data folder. */
  modelsDir: z.string().max(4096).nullable().default(null),
  /** The model to load at start, if any (a file in the models folder). */
  lastModel: z.string().max(255).nullable().default(null),
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsChannels = {
  "settings.get": call({ request: empty, response: settingsSchema }),
  "settings.update": call({ request: settingsSchema.partial().strict(), response: settingsSchema }),
} satisfies ContractDef;
