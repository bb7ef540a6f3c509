/** Every channel's handler, by domain. Main registers handlers only through the router built from this map. */

import path from "node:path";
import { runEvaluation } from "../services/evaluate/eval-runner.js";
import { toCsv, toMarkdown } from "../services/evaluate/results.js";
import { parseSuite } from "../services/evaluate/suites.js";
import { exportJson, exportMarkdown } from "../services/history/export-import.js";
import { runCodeTests } from "../services/homework/run-code-tests.js";
import { DownloadError } from "../services/models/downloader.js";
import { sharedSandbox } from "../services/sandbox/sandbox.js";
import type { Contract } from "../shared/contract.js";
import { InkstoneError } from "../shared/contract-kit.js";
import type { ServiceDeps } from "./app-types.js";
import { collectionHandlers } from "./collection-handlers.js";
import type { Handlers } from "./router.js";

/** A download's failure as the caller sees it: its own words, with the download's code in details. */
function toInkstoneError(error: unknown): unknown {
  if (!(error instanceof DownloadError)) return error;
  const code =
    error.code === "cancelled" || error.code === "paused"
      ? "cancelled"
      : error.code === "disk_full"
        ? "io_error"
        : "model_error";
  return new InkstoneError(code, error.message, { reason: error.code });
}

/** Store errors about unknown ids become `not_found` for the caller. */
function guard<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof InkstoneError) throw error;
    const message = (error as Error).message;
    if (/not found|not in this conversation/i.test(message)) throw new InkstoneError("not_found", message);
    throw error;
  }
}

export function createHandlers(deps: ServiceDeps): Handlers<Contract> {
  const { store, engine, chat, models, modelManager } = deps;
  /** A history write replies once it is on the disk (fsynced off the main thread; docs/history.md). */
  const durably = async <T>(run: () => T): Promise<T> => {
    const result = guard(run);
    await store.durable();
    return result;
  };
  const ok = { ok: true as const };
  return {
    "app.info": async () => ({
      name: "Inkstone",
      version: deps.options.version,
      mode: deps.options.mode,
      platform: process.platform,
      dataDir: deps.options.dataDir,
    }),
    "app.echo": async ({ text }) => ({ text, receivedAt: Date.now() }),
    "settings.get": async () => deps.settings.get(),
    "settings.update": async (patch) => {
      const next = await deps.settings.update(patch);
      deps.notifier.notify("settings.changed", next);
      return next;
    },

    "engine.status": async () => engine.status(),
    "engine.load": async ({ file, contextSize }, { emit, signal }) =>
      engine.load(models.resolve(file), {
        contextSize,
        signal,
        onProgress: (progress) => emit({ kind: "progress", progress }),
      }),
    "engine.eject": async () => {
      await engine.eject();
      return engine.status();
    },
    "engine.restart": async ({ backend, threads }) => engine.restart({ backend, threads }),
    "models.local": async () => ({ dir: models.dir, files: await models.list() }),
    "eval.suites": async () => ({
      suites: (await deps.suites.list()).map((suite) => ({
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
        await deps.suites.save(suite);
        return { id: suite.id };
      } catch (error) {
        throw new InkstoneError("invalid_request", (error as Error).message);
      }
    },
    "eval.deleteSuite": async ({ id }) => {
      await deps.suites.remove(id);
      return ok;
    },
    "eval.remoteKey": async ({ store: key }) => {
      if (key !== undefined) {
        try {
          await deps.secrets.set("remote-baseline", key);
        } catch (error) {
          throw new InkstoneError("invalid_request", (error as Error).message);
        }
      }
      return {
        keychainAvailable: deps.secrets.available,
        stored: (await deps.secrets.get("remote-baseline")) !== null,
      };
    },
    "eval.run": async ({ suiteId, files, repetitions, remote: remoteRequest }, { emit, signal }) => {
      let remote = remoteRequest;
      if (remote && !remote.apiKey) {
        const stored = await deps.secrets.get("remote-baseline");
        if (!stored)
          throw new InkstoneError("invalid_request", "Enter the remote endpoint's API key (none is remembered).");
        remote = { ...remote, apiKey: stored };
      }
      const suite = await deps.suites.get(suiteId).catch((e: Error) => {
        throw new InkstoneError("not_found", e.message);
      });
      if (files.length === 0 && !remote)
        throw new InkstoneError("invalid_request", "Choose at least one model to evaluate.");
      const run = await runEvaluation({
        suite,
        variants: files.map((file) => ({ name: file.replace(/\.gguf$/i, ""), path: models.resolve(file) })),
        repetitions,
        remote,
        engine,
        network: deps.network,
        signal,
        save: (record) => deps.runs.save(record),
        onProgress: (done, total, last) =>
          emit({ kind: "progress", done, total, taskId: last.taskId, correct: last.correct }),
      });
      if (run.status === "failed")
        throw new InkstoneError("engine_error", run.error ?? "The run failed.", { runId: run.id });
      return { runId: run.id, status: run.status };
    },
    "eval.runs": async () => ({
      runs: (await deps.runs.list()).map((r) => ({
        id: r.id,
        suiteName: r.suiteName,
        startedAt: r.startedAt,
        status: r.status,
        variants: r.variants,
        attempts: r.attempts.length,
      })),
    }),
    "eval.getRun": async ({ id }) =>
      deps.runs.get(id).catch(() => {
        throw new InkstoneError("not_found", `No evaluation run ${id}.`);
      }),
    "eval.export": async ({ id, format }) => {
      const run = await deps.runs.get(id);
      const stamp = new Date(run.startedAt).toISOString().slice(0, 10);
      return format === "markdown"
        ? { filename: `inkstone-eval-${stamp}.md`, content: toMarkdown(run) }
        : { filename: `inkstone-eval-${stamp}.csv`, content: toCsv(run) };
    },
    "network.status": async () => deps.network.status(),
    "network.log": async () => ({ entries: deps.network.log().reverse() }),
    "models.list": async ({ contextSize }) => ({ dir: models.dir, models: await modelManager.list(contextSize) }),
    "models.download": async ({ id, source }, { emit, signal }) => {
      const entry = modelManager.entry(id);
      // closing the stream (the window went away) pauses; the Cancel button deletes
      signal.addEventListener("abort", () => modelManager.pause(entry.file), { once: true });
      try {
        const file = await modelManager.downloadEntry(id, source, (progress) => emit({ kind: "progress", progress }));
        return { file: path.basename(file) };
      } catch (error) {
        throw toInkstoneError(error);
      }
    },
    "models.moveFolder": async ({ dir }) => {
      if ((await modelManager.list()).some((m) => m.state === "downloading" || m.state === "verifying")) {
        throw new InkstoneError(
          "busy",
          "Wait for the downloads to finish (or pause them) before moving the models folder.",
        );
      }
      if (engine.status().model)
        throw new InkstoneError("busy", "Eject the loaded model before moving the models folder.");
      await models.moveTo(dir);
      await deps.settings.update({ modelsDir: models.dir });
      deps.notifier.notify("models.changed", {});
      return { dir: models.dir };
    },
    "models.pause": async ({ file }) => {
      modelManager.pause(file);
      return ok;
    },
    "models.cancel": async ({ file }) => {
      await modelManager.cancel(file);
      return ok;
    },
    "models.delete": async ({ file }) => {
      if (engine.status().model?.path === models.resolve(file)) await engine.eject();
      await modelManager.delete(file);
      return ok;
    },
    "models.verify": async ({ file }, { emit }) =>
      modelManager.verify(file, (bytes, total) => emit({ kind: "progress", bytes, total })),
    "models.import": async ({ path: source }, { emit }) =>
      modelManager.import(source, (bytes, total) => emit({ kind: "progress", bytes, total })),

    "documents.extract": async ({ name, dataBase64 }, { emit, signal }) =>
      // decoded in the extraction worker: 50 MB of base64 never stops this thread
      deps.documents.extract(name, { base64: dataBase64 }, signal, (progress) =>
        emit({ kind: "progress", ...progress }),
      ),
    "documents.source": async ({ attachmentId, page }) => deps.documents.source(attachmentId, page),
    ...collectionHandlers(deps.collections),
    "homework.runCode": async ({ code, language, tests }) => runCodeTests(code, language, tests),
    "homework.prepareCode": async ({ language }) => {
      await sharedSandbox().prepare(language);
      return { ready: true as const };
    },
    "chat.send": async (request, { emit, signal }) => chat.send(request, emit, signal),
    "chat.regenerate": async (request, { emit, signal }) => chat.regenerate(request, emit, signal),
    "chat.answerNow": async ({ messageId }) => ({ accepted: chat.answerNow(messageId) }),
    "chat.continue": async (request, { emit, signal }) => chat.continueAnswer(request, emit, signal),

    "history.list": async ({ limit, before }) => ({
      conversations: store.listConversations({ limit, before }),
      notice: store.notice,
    }),
    "history.thread": async ({ conversationId }) => guard(() => store.getThread(conversationId)),
    "history.create": async ({ settings }) => durably(() => store.createConversation({ settings })),
    "history.rename": async ({ conversationId, title }) =>
      durably(() => store.renameConversation(conversationId, title)),
    "history.pin": async ({ conversationId, pinned }) => durably(() => store.setPinned(conversationId, pinned)),
    "history.delete": async ({ conversationId }) => {
      guard(() => store.requireConversation(conversationId));
      await durably(() => store.deleteConversation(conversationId));
      return { ok: true as const };
    },
    "history.restore": async ({ conversationId }) => durably(() => store.restoreConversation(conversationId)),
    "history.selectBranch": async ({ conversationId, messageId }) =>
      durably(() => store.selectBranch(conversationId, messageId)),
    "history.updateSettings": async ({ conversationId, settings }) =>
      durably(() => store.updateSettings(conversationId, settings)),
    "history.search": async ({ query, limit }) => ({ hits: store.search(query, { limit }) }),
    "history.export": async ({ conversationIds, format }) => {
      const ids = conversationIds ?? store.listAllConversationIds();
      const stamp = new Date().toISOString().slice(0, 10);
      return guard(() =>
        format === "json"
          ? { filename: `inkstone-history-${stamp}.json`, content: JSON.stringify(exportJson(store, ids), null, 2) }
          : { filename: `inkstone-history-${stamp}.md`, content: exportMarkdown(store, ids) },
      );
    },
    "localApi.status": async () => deps.localApi.status(),
    "localApi.update": async (patch) => deps.localApi.update(patch),
    "localApi.regenerateKey": async () => deps.localApi.regenerateKey(),
    "localApi.log": async ({ limit }) => ({ entries: deps.localApi.log(limit) }),
    "history.import": async ({ json }) => {
      try {
        // parsed, checked and written in the history worker: a 100k-message file never stops this thread
        return { conversationIds: await store.importJson(json) };
      } catch (error) {
        throw new InkstoneError("invalid_request", (error as Error).message);
      }
    },
  };
}
