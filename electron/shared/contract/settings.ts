/** The settings.* channels and the settings' shape. */
import { z } from "zod";
import { type ContractDef, call } from "../contract-kit.js";
import { engineChoiceSchema } from "../remote-engine-schemas.js";
import { empty } from "./common.js";

export const languageSchema = z.enum(["en", "zh-CN"]);
export const themeSchema = z.enum(["light", "dark", "system"]);

/** Evaluate's last choices (suite, models, runs per task, engine), kept between visits and launches. */
export const evaluateChoicesSchema = z.object({
  suiteId: z.string().max(80),
  files: z.array(z.string().max(255)).max(4),
  repetitions: z.number().int().min(1).max(100),
  /** A server from Settings → Engines that answers the run (null or absent: this computer). */
  engine: engineChoiceSchema.optional(),
});

/** The fields without their defaults: a patch must name only what it changes. */
const fields = {
  language: languageSchema.nullable(),
  theme: themeSchema,
  /** Base URL of a Hugging Face-compatible mirror (Hugging Face is blocked in some regions). */
  mirrorBase: z.string().url().max(500).nullable(),
  /** The models folder, when the user moved it away from the data folder. */
  modelsDir: z.string().max(4096).nullable(),
  /** The model to load at start, if any (a file in the models folder). */
  lastModel: z.string().max(255).nullable(),
  evaluate: evaluateChoicesSchema.nullable(),
};

export const settingsSchema = z.object({
  ...fields,
  mirrorBase: fields.mirrorBase.default(null),
  modelsDir: fields.modelsDir.default(null),
  lastModel: fields.lastModel.default(null),
  evaluate: fields.evaluate.default(null),
});
/**
 * A settings.update payload. Not `settingsSchema.partial()`: zod 4 fills a missing field that has a default even in
 * a partial, so every patch would reset the models folder, the mirror and the rest to null.
 */
export const settingsPatchSchema = z.object(fields).partial().strict();
export type Settings = z.infer<typeof settingsSchema>;

export const settingsChannels = {
  "settings.get": call({ request: empty, response: settingsSchema }),
  "settings.update": call({ request: settingsPatchSchema, response: settingsSchema }),
} satisfies ContractDef;
