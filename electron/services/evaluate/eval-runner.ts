/**
 * Runs a suite: every task, for every model variant, N times, with the model card's sampling.
 * Each attempt is checked and saved as it completes, so a cancelled run keeps what it finished.
 */
import { randomUUID } from "node:crypto";
import type {
  AttemptsResult,
  EngineHistoryItem,
  FinishReason,
  GenerationEvent,
  GenerationResult,
  GenerationSettings,
  LoadedModel,
} from "../../shared/engine-schemas.js";
import { generationSettingsSchema } from "../../shared/engine-schemas.js";
import type { Attempt, RunEngine, RunRecord } from "../../shared/eval-schemas.js";
import type { NetworkGuard } from "../network/network-guard.js";
import { type FaultMet, faultMet } from "./attempt-fault.js";
import { checkAnswer } from "./checkers.js";
import { checkCode, isCodeChecker } from "./code-check.js";
import { majorityOf, majorityVariant } from "./majority.js";
import { runSuiteRegex } from "./regex-check.js";
import { askRemote, type RemoteConfig, withRemoteHost } from "./remote-baseline.js";
import type { EvalTask, Suite } from "./suites.js";

export interface EvalEngine {
  load(path: string, options?: { contextSize?: number }): Promise<LoadedModel>;
  generate(
    history: EngineHistoryItem[],
    settings: GenerationSettings,
    onEvent: (e: GenerationEvent) => void,
    signal: AbortSignal,
  ): Promise<GenerationResult>;
  /** N attempts at once (only needed for a "majority of N" run). */
  generateAttempts?(
    history: EngineHistoryItem[],
    settings: GenerationSettings,
    count: number,
    onChunk: () => void,
    onEvent: (e: GenerationEvent) => void,
    signal: AbortSignal,
  ): Promise<AttemptsResult>;
  status(): { model: LoadedModel | null; gpu: { backend: string } | null };
  /** The server that answers, for the run record (absent: this computer). */
  runEngine?(): RunEngine;
}

/** A notice an answer gave while it ran (a busy server being tried again), for the screen to show. */
export type RunNotice = Extract<GenerationEvent, { kind: "notice" }>;

export interface RunOptions {
  suite: Suite;
  variants: { name: string; path: string }[];
  repetitions: number;
  settings?: Partial<GenerationSettings>;
  remote?: RemoteConfig & { name: string };
  /** Also a "majority of N" column per local variant: N attempts at once, checked on the majority's answer. */
  majority?: number;
  engine: EvalEngine;
  network?: NetworkGuard;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, last: Attempt) => void;
  onNotice?: (notice: RunNotice) => void;
  save?: (record: RunRecord) => Promise<void>;
}

async function check(
  task: EvalTask,
  answer: string,
): Promise<Pick<Attempt, "correct" | "extracted" | "detail" | "check"> & { error?: string }> {
  if (task.checker.type === "regex") {
    const { pattern, flags } = task.checker;
    const outcome = await runSuiteRegex(pattern, flags, answer);
    if ("error" in outcome)
      return {
        correct: false,
        extracted: null,
        detail: `pattern /${pattern}/ not checked`,
        check: { kind: "pattern", pattern, checked: false },
        error: outcome.error,
      };
    return {
      correct: outcome.match !== null,
      extracted: outcome.match,
      detail: `pattern /${pattern}/`,
      check: { kind: "pattern", pattern, checked: true },
    };
  }
  // code runs only in the sandbox, whoever wrote it (the local model or the remote baseline)
  return isCodeChecker(task.checker) ? checkCode(task.checker, answer) : checkAnswer(task.checker, answer);
}

interface Answered {
  finishReason: FinishReason;
  answer: string;
  reasoning: string;
  ttftMs: number | null;
  ttfatMs: number | null;
  totalMs: number;
  reasoningTokens: number;
  answerTokens: number;
  tokensPerSecond: number | null;
}

/** One checked attempt, from a local or a remote answer (or none, with the error). */
async function attemptOf(
  task: EvalTask,
  variant: string,
  repetition: number,
  error: string | null,
  answered: Answered | null,
): Promise<Attempt> {
  const { error: checkError, ...verdict } = answered
    ? await check(task, answered.answer)
    : { correct: false, extracted: null, detail: "no answer", check: { kind: "none" as const } };
  return {
    taskId: task.id,
    category: task.category,
    variant,
    repetition,
    ...verdict,
    answer: answered?.answer ?? "",
    reasoningChars: answered?.reasoning.length ?? 0,
    ttftMs: answered?.ttftMs ?? null,
    ttfatMs: answered?.ttfatMs ?? null,
    totalMs: answered?.totalMs ?? 0,
    reasoningTokens: answered?.reasoningTokens ?? 0,
    answerTokens: answered?.answerTokens ?? 0,
    tokensPerSecond: answered?.tokensPerSecond ?? null,
    // a check that could not decide (a suite pattern stopped on time) is an error, not a wrong answer
    error: error ?? checkError ?? null,
    finishReason: answered ? answered.finishReason : "error",
  };
}

/** The "majority of N" attempt at a task: N answers at once, the majority's first one checked; null if stopped. */
async function majorityAttempt(
  engine: EvalEngine,
  task: EvalTask,
  variant: string,
  repetition: number,
  settings: GenerationSettings,
  count: number,
  options: RunOptions,
): Promise<Attempt | null> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  options.signal?.addEventListener("abort", stop, { once: true });
  let result: AttemptsResult | null = null;
  let error: string | null = null;
  try {
    if (!engine.generateAttempts) throw new Error("This engine cannot run several attempts at once.");
    const question = [{ role: "user" as const, text: task.prompt }];
    result = await engine.generateAttempts(
      question,
      settings,
      count,
      () => {},
      () => {},
      controller.signal,
    );
  } catch (e) {
    error = (e as Error).message;
  } finally {
    options.signal?.removeEventListener("abort", stop);
  }
  if (options.signal?.aborted) return null;
  const agreement = result ? majorityOf(task, result.attempts) : null;
  const chosen = result && agreement ? result.attempts[agreement.chosen]! : null;
  const attempt = await attemptOf(
    task,
    majorityVariant(variant, count),
    repetition,
    error,
    result &&
      chosen && {
        finishReason: chosen.finishReason,
        answer: chosen.answer,
        reasoning: chosen.reasoning,
        // the time and tokens of the whole run (all N attempts)
        ...result.metrics,
      },
  );
  return { ...attempt, agreement: { size: agreement?.size ?? 0, of: count } };
}

/** An attempt a server failed: its fault, and the part of the answer that arrived (not checked: it is not an answer). */
function withFault(attempt: Attempt, met: FaultMet): Attempt {
  return {
    ...attempt,
    fault: met.fault,
    answer: met.partial?.answer ?? "",
    reasoningChars: met.partial?.reasoning.length ?? 0,
  };
}

export async function runEvaluation(options: RunOptions): Promise<RunRecord> {
  const { suite, engine, repetitions } = options;
  const majority = options.majority ?? 0;
  const columns = [
    ...options.variants.flatMap((v) => (majority > 1 ? [v.name, majorityVariant(v.name, majority)] : [v.name])),
    ...(options.remote ? [options.remote.name] : []),
  ];
  const record: RunRecord = {
    id: randomUUID(),
    suiteId: suite.id,
    suiteName: suite.name,
    startedAt: Date.now(),
    finishedAt: null,
    status: "running",
    variants: columns,
    repetitions,
    backend: engine.status().gpu?.backend ?? "cpu",
    attempts: [],
    error: null,
    engine: engine.runEngine?.() ?? null,
  };
  const total = columns.length * repetitions * suite.tasks.length;
  const finishAttempt = async (attempt: Attempt) => {
    record.attempts.push(attempt);
    options.onProgress?.(record.attempts.length, total, attempt);
    await options.save?.(record);
  };
  const aborted = () => options.signal?.aborted === true;
  try {
    for (const variant of options.variants) {
      if (aborted()) break;
      if (engine.status().model?.path !== variant.path) await engine.load(variant.path);
      for (let repetition = 0; repetition < repetitions && !aborted(); repetition++) {
        for (const task of suite.tasks) {
          if (aborted()) break;
          const settings = generationSettingsSchema.parse({ ...options.settings, seed: repetition + 1 });
          const controller = new AbortController();
          const stop = () => controller.abort();
          options.signal?.addEventListener("abort", stop, { once: true });
          let result: GenerationResult | null = null;
          let error: string | null = null;
          let met: FaultMet | null = null;
          try {
            result = await engine.generate(
              [{ role: "user", text: task.prompt }],
              settings,
              (event) => {
                if (event.kind === "notice") options.onNotice?.(event);
              },
              controller.signal,
            );
          } catch (e) {
            met = faultMet(e);
            // a server that refuses, is gone or stays busy would fail every next question too: the run ends here
            if (met?.endsRun && !aborted()) throw e;
            error = (e as Error).message;
          } finally {
            options.signal?.removeEventListener("abort", stop);
          }
          if (aborted()) break; // a cut-off answer is not a result
          const attempt = await attemptOf(
            task,
            variant.name,
            repetition,
            error,
            result && {
              finishReason: result.finishReason,
              answer: result.answer,
              reasoning: result.reasoning,
              ...result.metrics,
            },
          );
          await finishAttempt(met ? withFault(attempt, met) : attempt);
          if (majority > 1) {
            const attempt = await majorityAttempt(engine, task, variant.name, repetition, settings, majority, options);
            if (!attempt) break;
            await finishAttempt(attempt);
          }
        }
      }
    }
    const remote = options.remote;
    if (remote && !aborted()) {
      await withRemoteHost(options.network, remote, async () => {
        for (let repetition = 0; repetition < repetitions && !aborted(); repetition++) {
          for (const task of suite.tasks) {
            if (aborted()) break;
            let error: string | null = null;
            let answer: Awaited<ReturnType<typeof askRemote>> | null = null;
            try {
              answer = await askRemote(remote, task.prompt, options.signal);
            } catch (e) {
              if (aborted()) break;
              error = (e as Error).message;
            }
            await finishAttempt(
              await attemptOf(
                task,
                remote.name,
                repetition,
                error,
                answer && { ...answer, finishReason: "end", reasoningTokens: 0, tokensPerSecond: null },
              ),
            );
          }
        }
      });
    }
    record.status = aborted() ? "cancelled" : "complete";
  } catch (error) {
    record.status = "failed";
    record.error = (error as Error).message;
    const fault = faultMet(error)?.fault;
    if (fault) record.fault = fault;
  }
  record.finishedAt = Date.now();
  await options.save?.(record);
  return record;
}
