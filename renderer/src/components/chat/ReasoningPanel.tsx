import { memo, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ReasoningCut } from "../../../../electron/shared/engine-schemas";
import { splitParagraphs } from "./reasoning-paragraphs";

export interface ReasoningPanelProps {
  text: string;
  /** True while the model is still reasoning. */
  thinking: boolean;
  seconds: number | null;
  tokens: number;
  unfinished: boolean;
  /** Closed early by "answer now" or the thinking budget. */
  cut?: ReasoningCut | null;
}

const ReasoningParagraph = memo(function ReasoningParagraph({ text }: { text: string }) {
  return <div className="reasoning-paragraph">{text}</div>;
});

/**
 * The reasoning as one block per paragraph (the joined text is exactly the reasoning): while it streams, only the
 * last block changes, so a long reasoning is not laid out again whole for every token.
 */
function ReasoningText({ text }: { text: string }) {
  return (
    <div className="reasoning-text" data-testid="reasoning-text">
      {splitParagraphs(text).map((paragraph, index) => (
        // paragraphs only ever append, so the index is a stable key
        // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
        <ReasoningParagraph key={index} text={paragraph} />
      ))}
    </div>
  );
}

/** The model's reasoning above its answer: open while it thinks, collapsed once the answer starts. */
export function ReasoningPanel({ text, thinking, seconds, tokens, unfinished, cut }: ReasoningPanelProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(thinking);
  useEffect(() => {
    setOpen(thinking);
  }, [thinking]);
  if (!text.trim() && !thinking) return null;
  const summary = thinking
    ? t("chat.thinking")
    : seconds !== null
      ? t("chat.thoughtFor", { seconds: seconds.toFixed(seconds < 10 ? 1 : 0), tokens })
      : t("chat.reasoning");
  return (
    <details
      className="reasoning"
      open={open}
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
      data-testid="reasoning-panel"
    >
      <summary>
        {summary}
        {unfinished && !thinking && <span className="badge warn"> · {t("chat.reasoningUnfinished")}</span>}
        {cut && !thinking && (
          <span className="badge warn" data-testid="reasoning-cut">
            {" "}
            · {t(cut === "budget" ? "steer.cutByBudget" : "steer.cutShort")}
          </span>
        )}
      </summary>
      <ReasoningText text={text.trim()} />
    </details>
  );
}
