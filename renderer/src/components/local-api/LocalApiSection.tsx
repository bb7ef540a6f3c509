import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  apiModelId,
  exactOriginSchema,
  type ReasoningFormat,
  reasoningFormatSchema,
} from "../../../../electron/shared/local-api-schemas";
import { useEngineStore } from "../../stores/engine-store";
import { useLocalApiStore } from "../../stores/local-api-store";
import { CopyButton } from "../chat/CopyButton";
import { LocalApiExamples, maskKey } from "./LocalApiExamples";
import { LocalApiLog } from "./LocalApiLog";

/** Settings → Local API: on/off, port, key, allowed origins, reasoning format, examples, request log. */
export function LocalApiSection() {
  const { t } = useTranslation();
  const api = useLocalApiStore();
  const model = useEngineStore((s) => s.status?.model?.path);
  const [reveal, setReveal] = useState(false);
  const [port, setPort] = useState("");
  const [origin, setOrigin] = useState("");
  const [originError, setOriginError] = useState(false);
  useEffect(() => {
    void useLocalApiStore.getState().load();
    void useLocalApiStore.getState().refreshLog();
  }, []);
  const status = api.status;
  useEffect(() => {
    if (status) setPort(String(status.settings.port));
  }, [status]);
  if (!status) return null;
  const { settings } = status;
  const addOrigin = () => {
    const candidate = origin.trim();
    if (!exactOriginSchema.safeParse(candidate).success) {
      setOriginError(true);
      return;
    }
    setOriginError(false);
    setOrigin("");
    void api.update({ allowedOrigins: [...new Set([...settings.allowedOrigins, candidate])] });
  };
  return (
    <div className="local-api" data-testid="local-api">
      <h2>{t("localApi.title")}</h2>
      <p className="muted">{t("localApi.help")}</p>
      <label className="inline-field">
        <input
          type="checkbox"
          checked={settings.enabled}
          disabled={api.busy}
          onChange={(e) => void api.update({ enabled: e.target.checked })}
        />
        {t("localApi.enable")}
      </label>
      <p data-testid="local-api-state">
        {status.url
          ? t("localApi.listening", { url: status.url })
          : status.error
            ? t("localApi.failed", { error: status.error })
            : t("localApi.off")}
      </p>
      {api.error && <p role="alert">{api.error}</p>}
      <label className="inline-field">
        {t("localApi.port")}
        <input
          type="number"
          min={1024}
          max={65535}
          value={port}
          onChange={(e) => setPort(e.target.value)}
          aria-label={t("localApi.port")}
        />
      </label>{" "}
      <button
        type="button"
        disabled={api.busy || Number(port) === settings.port}
        onClick={() => void api.update({ port: Number(port) })}
      >
        {t("localApi.savePort")}
      </button>
      <p className="muted">{t("localApi.portHelp")}</p>
      <h3>{t("localApi.key")}</h3>
      <p>
        <code data-testid="local-api-key">{reveal ? status.key : maskKey(status.key)}</code>{" "}
        <button type="button" onClick={() => setReveal(!reveal)}>
          {reveal ? t("localApi.hideKey") : t("localApi.showKey")}
        </button>{" "}
        <CopyButton text={status.key} />{" "}
        <button
          type="button"
          disabled={api.busy}
          onClick={() => {
            if (window.confirm(t("localApi.regenerateConfirm"))) void api.regenerateKey();
          }}
        >
          {t("localApi.regenerate")}
        </button>
      </p>
      <p className="muted">
        {status.keyLocation === "keychain"
          ? t("localApi.keyInKeychain")
          : t("localApi.keyInFile", { path: status.keyLocation })}
      </p>
      <label className="inline-field">
        {t("localApi.reasoningFormat")}
        <select
          value={settings.reasoningFormat}
          onChange={(e) => void api.update({ reasoningFormat: e.target.value as ReasoningFormat })}
        >
          {reasoningFormatSchema.options.map((format) => (
            <option key={format} value={format}>
              {t(`localApi.format_${format}`)}
            </option>
          ))}
        </select>
      </label>
      <h3>{t("localApi.origins")}</h3>
      <p className="muted">{t("localApi.originsHelp")}</p>
      <ul data-testid="local-api-origins">
        {settings.allowedOrigins.map((allowed) => (
          <li key={allowed}>
            <code>{allowed}</code>{" "}
            <button
              type="button"
              onClick={() => void api.update({ allowedOrigins: settings.allowedOrigins.filter((o) => o !== allowed) })}
            >
              {t("localApi.removeOrigin")}
            </button>
          </li>
        ))}
      </ul>
      <input
        value={origin}
        placeholder="http://localhost:3000"
        aria-label={t("localApi.originLabel")}
        onChange={(e) => setOrigin(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && addOrigin()}
      />{" "}
      <button type="button" onClick={addOrigin}>
        {t("localApi.addOrigin")}
      </button>
      {originError && <p role="alert">{t("localApi.originInvalid")}</p>}
      <h3>{t("localApi.examples")}</h3>
      <LocalApiExamples
        reveal={reveal}
        url={status.url ?? `http://127.0.0.1:${settings.port}/v1`}
        apiKey={status.key}
        model={model ? apiModelId(model) : "MODEL"}
        reasoningFormat={settings.reasoningFormat}
      />
      <h3>{t("localApi.log")}</h3>
      <label className="inline-field">
        <input
          type="checkbox"
          checked={settings.logContent}
          onChange={(e) => void api.update({ logContent: e.target.checked })}
        />
        {t("localApi.logContent")}
      </label>{" "}
      <button type="button" onClick={() => void api.refreshLog()}>
        {t("settingsScreen.refresh")}
      </button>
      <LocalApiLog entries={api.log} />
    </div>
  );
}
