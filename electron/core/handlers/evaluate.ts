/** The eval.* channels' handlers. */
import { estimateRun } from "../../services/evaluate/estimate.js";
import { runEvaluation } from "../../services/evaluate/eval-runner.js";
import { updateRemoteKey, withRemoteKey } from "../../services/evaluate/remote-baseline-key.js";
import { toCsv, toMarkdown } from "../../services/evaluate/results.js";
import { parseSuite } from "../../services/evaluate/suites.js";
import { remoteEvalTarget } from "../../services/remote-engine/remote-eval-engine.js";
import { InkstoneError } from "../../shared/contract-kit.js";
import type { ServiceDeps } from "../app-types.js";
import { type DomainHandlers, ok } from "./domain.js";

export function evaluateHandlers(deps: ServiceDeps): DomainHandlers<"eval"> {
  const { suites, runs, secrets, models, remoteEngines } = deps;
  return {
    "eval.suites": async () => ({
      suites: (await suites.list()).map((suite) => ({
        id: suite.id,
        name: suite.name,
        description: suite.description,
        builtIn: suite.id === "seed",
        tasks: suite.tasks.length,
        json: JSON.stringify(suite, null, 2),
      })),
    }),
    "eval.importSuite": async ({ json }) => {
      try {
        const suite = parseSuite(JSON.parse(json));
        await suites.save(suite);
        return { id: suite.id };
      } catch (error) {
        if (error instanceof InkstoneError) throw error;
        // JSON.parse's own words, in a sentence of each language
        throw new InkstoneError("invalid_request", {
          en: `The suite is not valid JSON: ${(error as Error).message}`,
          zh: `这个题集不是有效的 JSON：${(error as Error).message}`,
        });
      }
    },
    "eval.deleteSuite": async ({ id }) => {
      await suites.remove(id);
      return ok;
    },
    "eval.remoteKey": async ({ store }) => updateRemoteKey(secrets, store),
    "eval.estimate": async ({ suiteId, files, repetitions }) => {
      const suite = await suites.get(suiteId);
      const loaded = deps.engine.status().model;
      return estimateRun({
        categories: suite.tasks.map((task) => task.category),
        variants: files.map((file) => file.replace(/\.gguf$/i, "")),
        repetitions,
        past: (await runs.list()).flatMap((run) => run.attempts),
        loadedTokensPerSecond: loaded ? deps.store.recentSpeed(loaded.name) : null,
      });
    },
    "eval.run": async ({ suiteId, files, repetitions, majority, remote, engine }, { emit, signal }) => {
      if (engine && (files.length > 0 || majority))
        throw new InkstoneError("invalid_request", {
          en: "A run on a server asks that server's model: choose no local model file, and no majority column.",
          zh: "在服务器上运行时，问的是那台服务器的模型：请不要选择本地模型文件，也不要选择多数投票列。",
        });
      const remoteWithKey = remote ? await withRemoteKey(secrets, remote) : undefined;
      const suite = await suites.get(suiteId);
      if (files.length === 0 && !remote && !engine)
        throw new InkstoneError("invalid_request", {
          en: "Choose at least one model to evaluate.",
          zh: "请至少选择一个要评测的模型。",
        });
      // a server from Settings → Engines: its address, key and model checked before the first question
      const target = engine ? await remoteEvalTarget(remoteEngines, engine, deps.network) : null;
      const run = await runEvaluation({
        suite,
        variants: target
          ? [target.variant]
          : files.map((file) => ({ name: file.replace(/\.gguf$/i, ""), path: models.resolve(file) })),
        repetitions,
        majority,
        remote: remoteWithKey,
        engine: target?.engine ?? deps.engine,
        network: deps.network,
        signal,
        save: (record) => runs.save(record),
        onProgress: (done, total, last) =>
          emit({ kind: "progress", done, total, taskId: last.taskId, correct: last.correct }),
        onNotice: ({ code, message, params }) => emit({ kind: "notice", code, message, params }),
      });
      if (run.status === "failed")
        // the server's fault by code and parameters (worded in the user's language); the attempts done are in the run
        throw new InkstoneError(
          "engine_error",
          { en: run.error ?? "The run failed.", zh: run.error ? `评测运行失败：${run.error}` : "评测运行失败。" },
          { runId: run.id, ...run.fault },
        );
      return { runId: run.id, status: run.status };
    },
    "eval.runs": async () => ({
      runs: (await runs.list()).map((r) => ({
        id: r.id,
        suiteName: r.suiteName,
        startedAt: r.startedAt,
        status: r.status,
        variants: r.variants,
        attempts: r.attempts.length,
        engine: r.engine ?? null,
      })),
    }),
    "eval.getRun": async ({ id }) => runs.get(id),
    "eval.export": async ({ id, format }) => {
      const run = await runs.get(id);
      const stamp = new Date(run.startedAt).toISOString().slice(0, 10);
      return format === "markdown"
        ? { filename: `inkstone-eval-${stamp}.md`, content: toMarkdown(run) }
        : { filename: `inkstone-eval-${stamp}.csv`, content: toCsv(run) };
    },
  };
}
