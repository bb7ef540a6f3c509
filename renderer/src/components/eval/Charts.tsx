import { useTranslation } from "react-i18next";
import type { RunRecord } from "../../../../electron/shared/eval-schemas";
import { summarizeRun } from "../../../../electron/shared/eval-summary";
import { shortNames } from "./short-names";

const COLORS = ["#2f5fd0", "#d07a2f", "#2fa06a", "#a02f8c"];
const FONT = 13;
/** Room for the y axis's ticks and title (left) and the x axis's labels and title (below). */
const LEFT = 64;
const BOTTOM = 52;
const TOP = 12;

function Legend({ run }: { run: RunRecord }) {
  const short = shortNames(run.variants);
  return (
    <ul className="legend" data-testid="chart-legend">
      {run.variants.map((v, i) => (
        <li key={v} title={v}>
          <span className="swatch" style={{ background: COLORS[i % COLORS.length] }} /> {short.get(v)}
        </li>
      ))}
    </ul>
  );
}

/** A y axis: ticks with their values, grid lines, and the axis title turned along it. */
function YAxis({
  ticks,
  height,
  width,
  title,
}: {
  ticks: { at: number; label: string }[];
  height: number;
  width: number;
  title: string;
}) {
  return (
    <g fontSize={FONT} fill="currentColor">
      {ticks.map((tick) => (
        <g key={tick.label}>
          <line x1={LEFT} x2={width} y1={tick.at} y2={tick.at} stroke="currentColor" opacity={0.15} />
          <text x={LEFT - 6} y={tick.at + 4} textAnchor="end">
            {tick.label}
          </text>
        </g>
      ))}
      <line x1={LEFT} x2={LEFT} y1={TOP} y2={height} stroke="currentColor" opacity={0.5} />
      <text
        transform={`translate(14 ${(TOP + height) / 2}) rotate(-90)`}
        textAnchor="middle"
        data-testid="y-axis-title"
      >
        {title}
      </text>
    </g>
  );
}

/** Accuracy per category: a bar per model, 0–100 % on the y axis, categories along the x axis. */
export function AccuracyChart({ run }: { run: RunRecord }) {
  const { t } = useTranslation();
  const { categories } = summarizeRun(run);
  const cats = ["math", "code", "logic"].filter((c) => categories.some((s) => s.key === c));
  const barWidth = 28;
  const groupWidth = Math.max(run.variants.length * barWidth + 28, 90);
  const plot = 180;
  const width = LEFT + cats.length * groupWidth + 12;
  const bottom = TOP + plot;
  const y = (fraction: number) => bottom - fraction * plot;
  return (
    <figure className="chart" data-testid="accuracy-chart">
      <figcaption>{t("evaluate.accuracyChart")}</figcaption>
      <svg width={width} height={bottom + BOTTOM} role="img" aria-label={t("evaluate.accuracyChart")}>
        <YAxis
          ticks={[0, 0.25, 0.5, 0.75, 1].map((f) => ({ at: y(f), label: `${f * 100}%` }))}
          height={bottom}
          width={width}
          title={t("evaluate.axisAccuracy")}
        />
        <line x1={LEFT} y1={bottom} x2={width} y2={bottom} stroke="currentColor" opacity={0.5} />
        {cats.map((category, ci) =>
          run.variants.map((variant, vi) => {
            const accuracy = categories.find((s) => s.key === category && s.variant === variant)?.accuracy ?? 0;
            const x = LEFT + 14 + ci * groupWidth + vi * barWidth;
            return (
              <rect
                key={`${category}-${variant}`}
                x={x}
                y={y(accuracy)}
                width={barWidth - 6}
                height={bottom - y(accuracy)}
                fill={COLORS[vi % COLORS.length]}
              >
                <title>{`${variant} · ${t(`evaluate.category_${category}`)}: ${Math.round(accuracy * 100)}%`}</title>
              </rect>
            );
          }),
        )}
        {cats.map((category, ci) => (
          <text
            key={category}
            x={LEFT + 14 + ci * groupWidth + (run.variants.length * barWidth) / 2}
            y={bottom + 18}
            fontSize={FONT}
            fill="currentColor"
            textAnchor="middle"
          >
            {t(`evaluate.category_${category}`)}
          </text>
        ))}
        <text
          x={(LEFT + width) / 2}
          y={bottom + 42}
          fontSize={FONT}
          fill="currentColor"
          textAnchor="middle"
          data-testid="x-axis-title"
        >
          {t("evaluate.axisCategory")}
        </text>
      </svg>
      <Legend run={run} />
    </figure>
  );
}

/** How long answers took: how many answers (y) took how many seconds (x, in bins). */
export function LatencyChart({ run }: { run: RunRecord }) {
  const { t } = useTranslation();
  const values = run.attempts.map((a) => a.totalMs / 1000);
  if (values.length === 0) return null;
  const max = Math.max(...values, 0.001);
  const bins = 10;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v / max) * bins))]!++;
  const top = Math.max(...counts);
  const binList = counts.map((count, i) => ({ count, i }));
  const binWidth = 30;
  const plot = 160;
  const width = LEFT + bins * binWidth + 16;
  const bottom = TOP + plot;
  const y = (count: number) => bottom - (count / top) * plot;
  const seconds = (edge: number) => ((edge * max) / bins).toFixed(max < 10 ? 1 : 0);
  const countTicks = [...new Set([0, Math.round(top / 2), top])];
  return (
    <figure className="chart" data-testid="latency-chart">
      <figcaption>{t("evaluate.latencyChart")}</figcaption>
      <svg width={width} height={bottom + BOTTOM} role="img" aria-label={t("evaluate.latencyChart")}>
        <YAxis
          ticks={countTicks.map((c) => ({ at: y(c), label: String(c) }))}
          height={bottom}
          width={width}
          title={t("evaluate.axisAnswers")}
        />
        <line x1={LEFT} y1={bottom} x2={width} y2={bottom} stroke="currentColor" opacity={0.5} />
        {binList.map(({ count, i }) => (
          <rect
            key={i}
            x={LEFT + 2 + i * binWidth}
            y={y(count)}
            width={binWidth - 4}
            height={bottom - y(count)}
            fill="#2f5fd0"
          >
            <title>{t("evaluate.latencyBin", { from: seconds(i), to: seconds(i + 1), count })}</title>
          </rect>
        ))}
        {[0, bins / 2, bins].map((edge) => (
          <text
            key={edge}
            x={LEFT + edge * binWidth}
            y={bottom + 18}
            fontSize={FONT}
            fill="currentColor"
            textAnchor="middle"
          >
            {seconds(edge)}
          </text>
        ))}
        <text
          x={(LEFT + width) / 2}
          y={bottom + 42}
          fontSize={FONT}
          fill="currentColor"
          textAnchor="middle"
          data-testid="x-axis-title"
        >
          {t("evaluate.axisSeconds")}
        </text>
      </svg>
    </figure>
  );
}
