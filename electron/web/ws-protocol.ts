/** Messages of the web-mode WebSocket: the same contract as IPC, framed as JSON. */
import { z } from "zod";

export const clientMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("invoke"), id: z.number().int(), channel: z.string(), payload: z.unknown() }),
  z.object({ type: z.literal("stream"), requestId: z.string(), channel: z.string(), payload: z.unknown() }),
  z.object({ type: z.literal("cancel"), requestId: z.string() }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const WS_PATH = "/ws";
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
