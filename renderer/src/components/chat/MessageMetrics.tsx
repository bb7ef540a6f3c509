import { useTranslation } from "react-i18next";
import type { GenerationMetrics } from "../../../../electron/shared/engine-schemas";

export function MessageMetrics({ metrics }: { metrics: GenerationMetrics }) {
  const { t } = useTranslation();
  return (
    <span className="metrics" data-testid="message-metrics">
      {t("chat.metrics", {
        ttft: metrics.ttftMs === null ? "–" : (metrics.ttftMs / 1000).toFixed(2),
        tps: metrics.tokensPerSecond === null ? "–" : metrics.tokensPerSecond.toFixed(1),
        tokens: metrics.reasoningTokens + metrics.answerTokens,
      })}
    </span>
  );
}
