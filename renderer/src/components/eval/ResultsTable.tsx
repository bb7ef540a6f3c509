import { useTranslation } from "react-i18next";
import type { RunRecord } from "../../../../electron/shared/eval-schemas";
import { summarizeRun } from "../../../../electron/shared/eval-summary";
import { shortName } from "./short-names";

const sec = (ms: number | null) => (ms === null ? "–" : (ms / 1000).toFixed(2));
const num = (v: number | null, digits = 0) => (v === null ? "–" : v.toFixed(digits));

/** The original comparison's layout: a row per task and variant, then overall rows. */
export function ResultsTable({ run }: { run: RunRecord }) {
  const { t } = useTranslation();
  const { tasks, overall } = summarizeRun(run);
  return (
    <table className="results-table" data-testid="results-table">
      <thead>
        <tr>
          <th>{t("evaluate.task")}</th>
          <th>{t("evaluate.variant")}</th>
          <th>{t("evaluate.runs")}</th>
          <th>{t("evaluate.accuracy")}</th>
          <th>{t("evaluate.ttft")}</th>
          <th>{t("evaluate.ttfat")}</th>
          <th>{t("evaluate.latency")}</th>
          <th>{t("evaluate.reasoningTokens")}</th>
          <th>{t("evaluate.answerTokens")}</th>
          <th>{t("evaluate.tps")}</th>
        </tr>
      </thead>
      <tbody>
        {[...tasks, ...overall].map((row) => (
          <tr key={`${row.key}-${row.variant}`} className={row.key === "overall" ? "overall" : undefined}>
            <td>{row.key === "overall" ? t("evaluate.overall") : row.key}</td>
            <td title={row.variant}>{shortName(row.variant)}</td>
            <td>{row.attempts}</td>
            <td>{Math.round(row.accuracy * 100)}%</td>
            <td>{sec(row.ttftMs.mean)}</td>
            <td>{sec(row.ttfatMs.mean)}</td>
            <td>
              {sec(row.totalMs.mean)} / {sec(row.totalMs.p50)} / {sec(row.totalMs.p95)}
            </td>
            <td>{num(row.reasoningTokens)}</td>
            <td>{num(row.answerTokens)}</td>
            <td>{num(row.tokensPerSecond, 1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
