/**
 * Suite regex checkers, run off the main thread with a time limit: a pattern such as /(a+)+$/
 * against a long answer would otherwise freeze the whole app. One worker thread serves the checks
 * in turn; a check that runs past the limit ends that thread (the next check starts a fresh one)
 * and is reported as not checked, never as a wrong answer.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";
import { startWorker } from "../network/guarded-start.js";
import type { RegexJob, RegexReply } from "./regex-worker.js";

export const REGEX_TIME_LIMIT_MS = 1000;

export type RegexOutcome = { match: string | null } | { error: string };

const here = path.dirname(fileURLToPath(import.meta.url));

/** The worker script beside this module: .js when built; from source (tests), .ts (the helper loads tsx). */
const workerFile = path.join(here, import.meta.url.endsWith(".ts") ? "regex-worker.ts" : "regex-worker.js");

interface Checker {
  thread: Worker;
  ready: Promise<void>;
}
let current: Checker | null = null;
let nextId = 1;
let queue: Promise<unknown> = Promise.resolve();

function checker(): Checker {
  if (current) return current;
  // a regex needs no network: none at all, loopback included
  const thread = startWorker(workerFile, { name: "regex checker", policy: "deny-all" });
  thread.unref(); // an idle checker never keeps the process alive
  const ready = new Promise<void>((resolve, reject) => {
    thread.once("message", () => resolve());
    thread.once("error", reject);
    thread.once("exit", () => reject(new Error("the pattern's worker did not start")));
  });
  ready.catch(() => {
    if (current?.thread === thread) current = null;
  });
  current = { thread, ready };
  return current;
}

async function runOne(job: Omit<RegexJob, "id">, timeLimitMs: number): Promise<RegexOutcome> {
  const { thread, ready } = checker();
  try {
    await ready;
  } catch (error) {
    return { error: `the pattern could not be run: ${(error as Error).message}` };
  }
  const id = nextId++;
  return new Promise<RegexOutcome>((resolve) => {
    const done = (outcome: RegexOutcome) => {
      clearTimeout(timer);
      thread.off("message", onMessage);
      thread.off("error", onError);
      thread.off("exit", onExit);
      resolve(outcome);
    };
    const stop = (why: string) => {
      if (current?.thread === thread) current = null;
      void thread.terminate();
      done({ error: why });
    };
    const timer = setTimeout(
      () => stop(`the pattern ran longer than ${timeLimitMs / 1000} s on this answer and was stopped`),
      timeLimitMs,
    );
    const onMessage = (reply: RegexReply) => {
      if (reply.id !== id) return;
      done("error" in reply ? { error: `the pattern is not valid: ${reply.error}` } : { match: reply.match });
    };
    const onError = (error: Error) => stop(`the pattern could not be run: ${error.message}`);
    const onExit = () => stop("the pattern's worker stopped");
    thread.on("message", onMessage);
    thread.on("error", onError);
    thread.on("exit", onExit);
    thread.postMessage({ id, ...job } satisfies RegexJob);
  });
}

/** The first match of a suite's pattern in an answer, or why it could not be decided. */
export function runSuiteRegex(
  pattern: string,
  flags: string,
  text: string,
  timeLimitMs = REGEX_TIME_LIMIT_MS,
): Promise<RegexOutcome> {
  const result = queue.then(() => runOne({ pattern, flags, text }, timeLimitMs));
  queue = result.catch(() => {});
  return result;
}
