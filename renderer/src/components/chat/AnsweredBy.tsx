/**
 * Which engine and model wrote an answer, as the message recorded it: "This computer · model", or
 * "name @ host · model" for a server added in Settings → Engines (just the host when it is no
 * longer there). Shown small beside the answer's metrics; nothing for answers older than the record.
 */
import { useTranslation } from "react-i18next";
import type { RemoteEngine } from "../../../../electron/shared/remote-engine-schemas";

export interface AnswerSource {
  /** "local", a server's host, or null (not recorded). */
  engine: string | null;
  model: string | null;
  /** The server's name in Settings → Engines, when it is still there. */
  serverName?: string | null;
}

/** The name of the engine a message's host belongs to (the one serving the same model first). */
export function serverNameFor(
  engines: readonly Pick<RemoteEngine, "host" | "model" | "name">[],
  host: string | null,
  model: string | null,
): string | null {
  if (!host || host === "local") return null;
  const same = engines.filter((e) => e.host === host);
  return (same.find((e) => e.model === model) ?? same[0])?.name ?? null;
}

export function AnsweredBy({ engine, model, serverName }: AnswerSource) {
  const { t } = useTranslation();
  if (!engine) return null;
  const who =
    engine === "local"
      ? t("answeredBy.local")
      : serverName
        ? t("answeredBy.named", { name: serverName, host: engine })
        : engine;
  const text = model ? t("answeredBy.withModel", { who, model }) : who;
  return (
    <span className="metrics answered-by" data-testid="answered-by" title={t("answeredBy.title", { who: text })}>
      {who}
      {model && (
        <>
          {t("answeredBy.separator")}
          {/* the model's own name, not words of the interface */}
          <span className="answered-model">{model}</span>
        </>
      )}
    </span>
  );
}
