import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type EnginePresetId, enginePreset, enginePresets } from "../../../../electron/shared/engine-presets";
import type { RemoteEngine, RemoteEngineInput } from "../../../../electron/shared/remote-engine-schemas";
import type { TestState } from "../../stores/engines-store";
import { CopyButton } from "../chat/CopyButton";
import { TestResult } from "./TestResult";

export interface EngineFormProps {
  /** The engine being changed; absent: a new one. */
  engine?: RemoteEngine;
  test?: TestState;
  onTest(input: { id?: string; url: string; model: string; apiKey?: string; responseTimeoutS: number }): void;
  onSave(input: RemoteEngineInput): void;
  onCancel?(): void;
}

/** Adding or changing a server: preset (with its start command), address, model, key, timeout, context. */
export function EngineForm({ engine, test, onTest, onSave, onCancel }: EngineFormProps) {
  const { t } = useTranslation();
  const [preset, setPreset] = useState<EnginePresetId>(engine?.preset ?? "llama-server");
  const [name, setName] = useState(engine?.name ?? enginePreset("llama-server").name);
  const [url, setUrl] = useState(engine?.url ?? enginePreset("llama-server").url);
  const [model, setModel] = useState(engine?.model ?? "");
  const [apiKey, setApiKey] = useState("");
  const [timeout, setTimeoutS] = useState(String(engine?.responseTimeoutS ?? 120));
  const [context, setContext] = useState(engine?.contextLength ? String(engine.contextLength) : "");
  const command = enginePreset(preset).command;
  const pick = (id: EnginePresetId) => {
    const next = enginePreset(id);
    setPreset(id);
    if (!engine) {
      setName(next.name);
      setUrl(next.url);
      setModel(next.model);
    }
  };
  const timeoutS = Math.min(3600, Math.max(5, Number(timeout) || 120));
  return (
    <form
      className="engine-form"
      data-testid="engine-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({
          id: engine?.id,
          name: name.trim() || enginePreset(preset).name,
          preset,
          url: url.trim(),
          model: model.trim(),
          responseTimeoutS: timeoutS,
          contextLength: context ? Math.min(1_048_576, Math.max(512, Number(context) || 4096)) : null,
          ...(apiKey ? { apiKey } : {}),
        });
        setApiKey("");
      }}
    >
      <label className="inline-field">
        {t("engines.preset")}
        <select value={preset} onChange={(e) => pick(e.target.value as EnginePresetId)}>
          {enginePresets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.id === "other" ? t("engines.presetOther") : p.name}
            </option>
          ))}
        </select>
      </label>
      {command && (
        <div className="engine-command">
          <span className="muted">{t("engines.command")}</span>
          <code data-testid="engine-command">{command}</code>
          <CopyButton text={command} />
        </div>
      )}
      <label className="inline-field">
        {t("engines.name")}
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />
      </label>
      <label className="inline-field">
        {t("engines.url")}
        <input value={url} onChange={(e) => setUrl(e.target.value)} maxLength={500} required />
      </label>
      <label className="inline-field">
        {t("engines.model")}
        <input
          value={model}
          onChange={(e) => setModel(e.target.value)}
          placeholder={t("engines.modelHint")}
          maxLength={300}
        />
      </label>
      <label className="inline-field">
        {t("engines.apiKey")}
        <input
          type="password"
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          placeholder={engine ? t(`engines.apiKey_${engine.key}`) : ""}
          autoComplete="off"
          maxLength={500}
        />
      </label>
      <label className="inline-field">
        {t("engines.timeout")}
        <input type="number" min={5} max={3600} value={timeout} onChange={(e) => setTimeoutS(e.target.value)} />
      </label>
      <label className="inline-field">
        {t("engines.context")}
        <input
          type="number"
          min={512}
          value={context}
          onChange={(e) => setContext(e.target.value)}
          placeholder="4096"
        />
      </label>
      <div className="engine-actions">
        <button
          type="button"
          disabled={test?.kind === "testing"}
          onClick={() =>
            onTest({
              id: engine?.id,
              url: url.trim(),
              model: model.trim(),
              responseTimeoutS: Math.min(timeoutS, 30),
              ...(apiKey ? { apiKey } : {}),
            })
          }
        >
          {test?.kind === "testing" ? t("engines.testing") : t("engines.test")}
        </button>{" "}
        <button type="submit" className="primary">
          {engine ? t("engines.save") : t("engines.add")}
        </button>{" "}
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t("engines.cancel")}
          </button>
        )}
      </div>
      <TestResult state={test} />
    </form>
  );
}
