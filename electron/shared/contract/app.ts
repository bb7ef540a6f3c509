/** The app.* channels: who is answering and a round trip for checks. */
import { z } from "zod";
import { type ContractDef, call } from "../contract-kit.js";
import { empty } from "./common.js";

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(["electron", "web"]),
  platform: z.string(),
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const appChannels = {
  /** Desktop app only: the OS dialog to choose a model file to import. */
  "app.pickModelFile": call({ request: empty, response: z.object({ path: z.string().nullable() }) }),
  /** Desktop app only: the window (showing the print view) saved as a PDF the user names. */
  "app.savePdf": call({
    request: z.object({ filename: z.string().min(1).max(255) }).strict(),
    response: z.object({ path: z.string().nullable() }),
  }),
  "app.info": call({ request: empty, response: appInfoSchema }),
  "app.echo": call({
    request: z.object({ text: z.string().max(10_000) }).strict(),
    response: z.object({ text: z.string(), receivedAt: z.number() }),
  }),
} satisfies ContractDef;
