import { useTranslation } from "react-i18next";
import type { TestState } from "../../stores/engines-store";

/** Test connection's outcome: the server's models and context, or the failure named. */
export function TestResult({ state }: { state?: TestState }) {
  const { t } = useTranslation();
  if (!state || state.kind === "testing") return null;
  if (state.kind === "failed")
    return (
      <p role="alert" data-testid="engine-test-result">
        {state.message}
      </p>
    );
  const { result } = state;
  return (
    <p role="status" data-testid="engine-test-result">
      {t("engines.tested", {
        host: result.host,
        ms: Math.round(result.elapsedMs),
        models: result.models.map((m) => m.id).join(", ") || t("engines.unknown"),
        size: String(result.contextLength ?? t("engines.unknown")),
        interpolation: { escapeValue: false },
      })}
      {result.health === "loading" && ` ${t("engines.loading")}`}
    </p>
  );
}
