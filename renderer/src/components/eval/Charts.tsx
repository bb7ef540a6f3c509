import { useTranslation } from "react-i18next";
import type { RunRecord } from "../../../../electron/shared/eval-schemas";
import { summarizeRun } from "../../../../electron/shared/eval-summary";

const COLORS = ["#2f5fd0", "#d07a2f", "#2fa06a", "#a02f8c"];

/** Accuracy per category, a bar per variant. */
export function AccuracyChart({ run }: { run: RunRecord }) {
  const { t } = useTranslation();
  const { categories } = summarizeRun(run);
  const cats = ["math", "code", "logic"].filter((c) => categories.some((s) => s.key === c));
  const barWidth = 22;
  const groupWidth = run.variants.length * barWidth + 24;
  const height = 140;
  return (
    <figure className="chart" data-testid="accuracy-chart">
      <figcaption>{t("evaluate.accuracyChart")}</figcaption>
      <svg
        width={cats.length * groupWidth + 40}
        height={height + 30}
        role="img"
        aria-label={t("evaluate.accuracyChart")}
      >
        <line x1={30} y1={height} x2={cats.length * groupWidth + 40} y2={height} stroke="currentColor" opacity={0.4} />
        {cats.map((category, ci) =>
          run.variants.map((variant, vi) => {
            const accuracy = categories.find((s) => s.key === category && s.variant === variant)?.accuracy ?? 0;
            const h = accuracy * (height - 10);
            const x = 36 + ci * groupWidth + vi * barWidth;
            return (
              <g key={`${category}-${variant}`}>
                <rect x={x} y={height - h} width={barWidth - 4} height={h} fill={COLORS[vi % COLORS.length]}>
                  <title>{`${variant} · ${category}: ${Math.round(accuracy * 100)}%`}</title>
                </rect>
              </g>
            );
          }),
        )}
        {cats.map((category, ci) => (
          <text key={category} x={36 + ci * groupWidth} y={height + 18} fontSize={12} fill="currentColor">
            {t(`evaluate.category_${category}`)}
          </text>
        ))}
        <text x={0} y={14} fontSize={11} fill="currentColor">
          100%
        </text>
      </svg>
      <p className="legend">
        {run.variants.map((v, i) => (
          <span key={v} style={{ color: COLORS[i % COLORS.length] }}>
            ■ {v}{" "}
          </span>
        ))}
      </p>
    </figure>
  );
}

/** How long answers took: a histogram of total latency per attempt. */
export function LatencyChart({ run }: { run: RunRecord }) {
  const { t } = useTranslation();
  const values = run.attempts.map((a) => a.totalMs / 1000);
  if (values.length === 0) return null;
  const max = Math.max(...values, 0.001);
  const bins = 12;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v / max) * bins))]!++;
  const top = Math.max(...counts);
  const width = 24;
  const height = 120;
  return (
    <figure className="chart" data-testid="latency-chart">
      <figcaption>{t("evaluate.latencyChart", { max: max.toFixed(1) })}</figcaption>
      <svg
        width={bins * width + 10}
        height={height + 10}
        role="img"
        aria-label={t("evaluate.latencyChart", { max: max.toFixed(1) })}
      >
        {counts.map((count, i) => {
          const h = (count / top) * height;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: fixed bins
            <rect key={i} x={5 + i * width} y={height - h} width={width - 3} height={h} fill="#2f5fd0">
              <title>{`${((i * max) / bins).toFixed(1)}–${(((i + 1) * max) / bins).toFixed(1)} s: ${count}`}</title>
            </rect>
          );
        })}
      </svg>
    </figure>
  );
}
