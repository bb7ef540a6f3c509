import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type AttemptCount, attemptCounts } from "../../../electron/shared/engine-schemas";
import { EngineSelect } from "../components/engines/EngineSelect";
import { AttemptsTable } from "../components/eval/AttemptsTable";
import { AccuracyChart, LatencyChart } from "../components/eval/Charts";
import { faultText, noticeText } from "../components/eval/fault-text";
import { ResultsTable } from "../components/eval/ResultsTable";
import { RunEngineLine } from "../components/eval/RunEngineLine";
import { RunEstimateLine } from "../components/eval/RunEstimateLine";
import { shortName } from "../components/eval/short-names";
import { quantLabel } from "../components/ModelCard";
import { useEngineStore } from "../stores/engine-store";
import { useEnginesStore } from "../stores/engines-store";
import { DEFAULT_CHOICES, type EvalChoices, useEvalStore } from "../stores/eval-store";
import { useModelsStore } from "../stores/models-store";
import { useSettingsStore } from "../stores/settings-store";

/** A suite's name in the run list, cut at 32 characters: the list also holds the date, the models and the status. */
const clipName = (name: string) => ([...name].length > 32 ? `${[...name].slice(0, 31).join("")}…` : name);

/** The built-in suite's stored name, which the run list shows in the user's language. */
const SEED_NAME = "Math, code and logic (seed)";

export function EvaluateScreen() {
  const { t, i18n } = useTranslation();
  const evals = useEvalStore();
  // the built-in suite is named in the user's language; the user's own suites by their own names
  const suiteName = (id: string, name: string) => (id === "seed" ? t("evaluate.seedName") : name);
  const when = (ms: number) => new Date(ms).toLocaleString(i18n.language);
  const models = useModelsStore();
  // the choices live in the settings (settings.json): kept between visits to this screen and between launches
  const saved = useSettingsStore((s) => s.settings.evaluate);
  const choices = saved ?? DEFAULT_CHOICES;
  const choose = (patch: Partial<EvalChoices>) =>
    void useSettingsStore.getState().update({ evaluate: { ...choices, ...patch } });
  const { suiteId, repetitions } = choices;
  // a server from Settings → Engines answers the run, or this computer (null) with the models chosen below; a
  // remembered server removed since is no choice any more, and one changed since is asked as it is now
  const servers = useEnginesStore((s) => s.engines);
  const server = choices.engine ? servers.find((e) => e.id === choices.engine?.engineId) : undefined;
  const engine = server ? { engineId: server.id, host: server.host, model: server.model } : null;
  const loadedModel = useEngineStore((s) => s.status?.model?.path ?? null);
  const [majority, setMajority] = useState<AttemptCount | null>(null);
  const [remoteOn, setRemoteOn] = useState(false);
  const [remote, setRemote] = useState({ name: "remote", url: "", model: "", apiKey: "" });
  const [suiteJson, setSuiteJson] = useState("");
  useEffect(() => {
    void useEvalStore.getState().refresh();
    void useModelsStore.getState().refresh();
  }, []);
  const ready = models.models.filter((m) => m.state === "ready");
  // a remembered model that is no longer there is not run (nor estimated)
  const files = choices.files.filter((file) => ready.some((m) => m.file === file));
  const modelLabel = (m: (typeof ready)[number]) => (m.inCatalog ? `${m.family} · ${quantLabel(t, m.label)}` : m.file);
  const localModels =
    ready
      .filter((m) => files.includes(m.file))
      .map(modelLabel)
      .join(", ") || t("evaluate.localNoModel");
  const filesKey = files.join("\n");
  // biome-ignore lint/correctness/useExhaustiveDependencies: a newly loaded model brings its own measured speed
  useEffect(() => {
    void useEvalStore.getState().estimateFor({ suiteId, files: filesKey ? filesKey.split("\n") : [], repetitions });
  }, [suiteId, filesKey, repetitions, loadedModel]);
  const running = evals.running;
  return (
    <section className="models-screen evaluate-screen" aria-label={t("evaluate.title")}>
      <h1>{t("evaluate.title")}</h1>
      <p className="muted">{t("evaluate.intro")}</p>
      <div className="eval-form">
        <label className="inline-field">
          {t("evaluate.suite")}
          <select value={suiteId} onChange={(e) => choose({ suiteId: e.target.value })}>
            {evals.suites.map((s) => (
              <option key={s.id} value={s.id}>
                {suiteName(s.id, s.name)} ({t("evaluate.taskCount", { count: s.tasks })})
              </option>
            ))}
          </select>
        </label>
        {suiteId === "seed" && <p className="muted">{t("evaluate.seedDescription")}</p>}
        <EngineSelect
          value={engine}
          onChange={(choice) => choose({ engine: choice })}
          label={t("evaluate.engine")}
          localLabel={t("evaluate.localEngine", { models: localModels, interpolation: { escapeValue: false } })}
          testId="eval-engine-select"
        />
        {engine && (
          <p className="notice" role="note" data-testid="eval-engine-note">
            {t("evaluate.serverNote", { host: engine.host })}
          </p>
        )}
        {!engine && (
          <fieldset>
            <legend>{t("evaluate.models")}</legend>
            {ready.length === 0 && <p className="muted">{t("evaluate.noModels")}</p>}
            {ready.map((m) => (
              <label key={m.file} className="inline-field">
                <input
                  type="checkbox"
                  checked={files.includes(m.file)}
                  onChange={(e) =>
                    choose({ files: e.target.checked ? [...files, m.file] : files.filter((f) => f !== m.file) })
                  }
                />
                {modelLabel(m)}
              </label>
            ))}
          </fieldset>
        )}
        <label className="inline-field">
          {t("evaluate.repetitions")}
          <input
            type="number"
            min={1}
            max={100}
            value={repetitions}
            onChange={(e) =>
              choose({ repetitions: Math.min(100, Math.max(1, Math.round(Number(e.target.value)) || 1)) })
            }
          />
        </label>
        {files.length > 0 && !engine && <RunEstimateLine estimate={evals.estimate} remote={remoteOn} />}
        {!engine && (
          <label className="inline-field">
            {t("evaluate.majority")}
            <select
              value={majority ?? ""}
              onChange={(e) => setMajority(e.target.value ? (Number(e.target.value) as AttemptCount) : null)}
            >
              <option value="">{t("evaluate.majorityOff")}</option>
              {attemptCounts.map((n) => (
                <option key={n} value={n}>
                  {t("evaluate.majorityOf", { count: n })}
                </option>
              ))}
            </select>
          </label>
        )}
        <details>
          <summary>{t("evaluate.remoteTitle")}</summary>
          <label className="inline-field">
            <input type="checkbox" checked={remoteOn} onChange={(e) => setRemoteOn(e.target.checked)} />
            {t("evaluate.remoteEnable")}
          </label>
          <p className="notice" role="note">
            {t("evaluate.remoteWarning")}
          </p>
          {remoteOn && (
            <div className="remote-fields">
              <input
                aria-label={t("evaluate.remoteUrl")}
                placeholder="https://api.example.com/v1"
                value={remote.url}
                onChange={(e) => setRemote({ ...remote, url: e.target.value })}
              />
              <input
                aria-label={t("evaluate.remoteModel")}
                placeholder="gpt-3.5-turbo"
                value={remote.model}
                onChange={(e) => setRemote({ ...remote, model: e.target.value })}
              />
              <input
                aria-label={t("evaluate.remoteKey")}
                type="password"
                value={remote.apiKey}
                onChange={(e) => setRemote({ ...remote, apiKey: e.target.value })}
              />
            </div>
          )}
        </details>
        {running ? (
          <div>
            <progress
              max={running.total || 1}
              value={running.done}
              aria-label={t("evaluate.progress", { done: running.done, total: running.total })}
            />{" "}
            <span data-testid="eval-progress">
              {t("evaluate.progress", { done: running.done, total: running.total })}
            </span>{" "}
            <button type="button" onClick={evals.cancel}>
              {t("models.cancel")}
            </button>
            {running.notice && (
              <p className="notice" role="note" data-testid="eval-notice">
                {noticeText(t, running.notice)}
              </p>
            )}
          </div>
        ) : (
          <button
            type="button"
            className="primary"
            disabled={files.length === 0 && !engine && !remoteOn}
            onClick={() =>
              evals.start({
                suiteId,
                files: engine ? [] : files,
                repetitions,
                majority: engine ? undefined : (majority ?? undefined),
                engine: engine ?? undefined,
                remote: remoteOn ? remote : undefined,
              })
            }
          >
            {t("evaluate.run")}
          </button>
        )}
      </div>
      {evals.error && (
        <p className="error-banner" role="alert">
          {evals.error}
        </p>
      )}
      {evals.runs.length > 0 && (
        <div className="eval-runs">
          <label className="inline-field">
            {t("evaluate.results")}
            <select value={evals.current?.id ?? ""} onChange={(e) => void evals.open(e.target.value)}>
              <option value="">–</option>
              {evals.runs.map((r) => (
                <option key={r.id} value={r.id}>
                  {when(r.startedAt)} · {r.suiteName === SEED_NAME ? t("evaluate.seedName") : clipName(r.suiteName)} ·{" "}
                  {r.variants.map(shortName).join(", ")} · {t(`evaluate.status_${r.status}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            {t("evaluate.compareWith")}
            <select value={evals.compare?.id ?? ""} onChange={(e) => void evals.openCompare(e.target.value || null)}>
              <option value="">–</option>
              {evals.runs.map((r) => (
                <option key={r.id} value={r.id}>
                  {when(r.startedAt)} · {r.variants.map(shortName).join(", ")}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {evals.current && (
        <div className={evals.compare ? "side-by-side" : undefined}>
          {[evals.current, evals.compare]
            .filter((r) => r !== null)
            .map((run) => (
              <div key={run.id}>
                <p className="muted" data-testid="run-engine">
                  {suiteName(run.suiteId, run.suiteName)} · <RunEngineLine run={run} /> ·{" "}
                  {t("evaluate.status", { status: t(`evaluate.status_${run.status}`) })}
                </p>
                {run.status === "failed" && (run.fault || run.error) && (
                  <p className="notice" role="note" data-testid="run-fault">
                    {run.fault ? faultText(t, run.fault) : run.error}
                  </p>
                )}
                <ResultsTable run={run} />
                <AttemptsTable run={run} />
                <div className="charts">
                  <AccuracyChart run={run} />
                  <LatencyChart run={run} />
                </div>
              </div>
            ))}
          <button type="button" onClick={() => void evals.exportRun("markdown")}>
            {t("evaluate.exportMarkdown")}
          </button>{" "}
          <button type="button" onClick={() => void evals.exportRun("csv")}>
            {t("evaluate.exportCsv")}
          </button>
        </div>
      )}
      <details className="suite-editor">
        <summary>{t("evaluate.suites")}</summary>
        <p className="muted">{t("evaluate.suiteHelp")}</p>
        <textarea
          aria-label={t("evaluate.suiteJson")}
          rows={8}
          value={suiteJson}
          onChange={(e) => setSuiteJson(e.target.value)}
        />
        <div className="message-actions">
          <button type="button" onClick={() => void evals.importSuite(suiteJson)} disabled={!suiteJson.trim()}>
            {t("evaluate.saveSuite")}
          </button>
          <button type="button" onClick={() => setSuiteJson(evals.suites.find((s) => s.id === suiteId)?.json ?? "")}>
            {t("evaluate.exportSuite")}
          </button>
        </div>
      </details>
    </section>
  );
}
