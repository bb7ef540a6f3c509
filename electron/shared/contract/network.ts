/** The network.* channels: which hosts are reachable now and every attempt the guard judged. */
import { z } from "zod";
import { type ContractDef, call } from "../contract-kit.js";
import { empty } from "./common.js";

export const networkStatusSchema = z.object({ activeHosts: z.array(z.string()) });

export const networkChannels = {
  "network.status": call({ request: empty, response: networkStatusSchema }),
  "network.log": call({
    request: empty,
    response: z.object({
      entries: z.array(z.object({ at: z.number(), host: z.string(), allowed: z.boolean(), reason: z.string() })),
    }),
  }),
} satisfies ContractDef;
