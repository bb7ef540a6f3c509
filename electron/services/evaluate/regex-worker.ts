/**
 * The worker thread that runs suite regex checkers (see regex-check): a pattern from a suite file
 * may backtrack catastrophically, and here that costs only this thread, which is ended on time.
 */
import { parentPort } from "node:worker_threads";

export interface RegexJob {
  id: number;
  pattern: string;
  flags: string;
  text: string;
}
export type RegexReply = { id: number; match: string | null } | { id: number; error: string };

parentPort?.postMessage("ready"); // the time limit starts after this, not during the thread's start-up
parentPort?.on("message", ({ id, pattern, flags, text }: RegexJob) => {
  let reply: RegexReply;
  try {
    reply = { id, match: new RegExp(pattern, flags).exec(text)?.[0] ?? null };
  } catch (error) {
    reply = { id, error: (error as Error).message };
  }
  parentPort?.postMessage(reply);
});
