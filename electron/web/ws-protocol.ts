/** Messages of the web-mode WebSocket: the same contract as IPC, framed as JSON. */
import { z } from "zod";

export const clientMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("invoke"), id: z.number().int(), channel: z.string(), payload: z.unknown() }),
  z.object({ type: z.literal("stream"), requestId: z.string(), channel: z.string(), payload: z.unknown() }),
  z.object({ type: z.literal("cancel"), requestId: z.string() }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const WS_PATH = "/ws";
/**
 * The largest message the socket takes: above the largest request the contract allows (a 5 MB suite; files come in
 * chunks of 1 MiB through uploads.*), so no valid request closes the connection, and small enough that no message
 * stops the main thread for long (a 67 MB message took over a second to unmask and assemble there). A larger one
 * closes the connection (1009). Only a client with the per-launch token, on the loopback interface, gets this far.
 */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
