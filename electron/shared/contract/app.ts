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
  "app.info": call({ request: empty, response: appInfoSchema }),
  "app.echo": call({
    request: z.object({ text: z.string().max(10_000) }).strict(),
    response: z.object({ text: z.string(), receivedAt: z.number() }),
  }),
} satisfies ContractDef;
