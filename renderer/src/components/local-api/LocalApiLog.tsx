import { useTranslation } from "react-i18next";
import type { ApiLogEntry } from "../../../../electron/shared/local-api-schemas";

/** The API's request log: time, client, request, outcome and tokens; the text only when the user keeps it. */
export function LocalApiLog({ entries }: { entries: ApiLogEntry[] }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <p data-testid="local-api-log-empty">{t("localApi.logEmpty")}</p>;
  return (
    <table className="network-log" data-testid="local-api-log">
      <thead>
        <tr>
          <th>{t("localApi.logTime")}</th>
          <th>{t("localApi.logClient")}</th>
          <th>{t("localApi.logRequest")}</th>
          <th>{t("localApi.logStatus")}</th>
          <th>{t("localApi.logTokens")}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={`${entry.at}-${entry.client}-${entry.path}-${entry.ms}`} data-testid="local-api-log-row">
            <td>{new Date(entry.at).toLocaleString()}</td>
            <td>{entry.client}</td>
            <td>
              {entry.method} {entry.path}
              {entry.model && ` · ${entry.model}`}
              {entry.question !== undefined && <div className="muted">{entry.question}</div>}
              {entry.answer !== undefined && <div className="muted">{entry.answer}</div>}
            </td>
            <td>
              {entry.status}
              {entry.error && ` ${entry.error}`} · {entry.ms} ms
            </td>
            <td>
              {entry.promptTokens === null
                ? "–"
                : t("localApi.logTokenCounts", { prompt: entry.promptTokens, completion: entry.completionTokens ?? 0 })}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
