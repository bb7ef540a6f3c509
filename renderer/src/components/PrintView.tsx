import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { Thread } from "../../../electron/shared/history-schemas";
import { Markdown } from "../markdown/Markdown";

export interface PrintViewProps {
  thread: Thread;
  /** Opens the print dialog (window.print in both transports: there the user picks "Save as PDF"). */
  onPrint(): void;
  onDone(): void;
}

/**
 * One conversation laid out for paper: its title and date, each question as written and each answer as Markdown
 * with its formulas rendered (KaTeX) and its code coloured. Only this view is printed (app.css, @media print);
 * the reasoning is left out, as in the Markdown export's reading order.
 */
export function PrintView({ thread, onPrint, onDone }: PrintViewProps) {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    let cancelled = false;
    const after = () => onDone();
    window.addEventListener("afterprint", after, { once: true });
    // the answers render in a deferred pass and KaTeX brings its own fonts: print once both are there
    const timer = setTimeout(() => {
      void document.fonts.ready.then(() =>
        requestAnimationFrame(() => {
          if (!cancelled) onPrint();
        }),
      );
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      window.removeEventListener("afterprint", after);
    };
  }, [onPrint, onDone]);
  const { conversation, messages } = thread;
  return (
    <article className="print-view" data-testid="print-view" lang={i18n.language}>
      <h1>{conversation.title || t("history.untitled")}</h1>
      <p className="muted">{new Date(conversation.createdAt).toLocaleString(i18n.language)}</p>
      {messages.map((m) =>
        m.role === "user" ? (
          <section key={m.id} className="print-question">
            <h2>{t("chat.you")}</h2>
            <div className="user-text">{m.content}</div>
          </section>
        ) : (
          <section key={m.id} className="print-answer">
            <h2>{t("app.name")}</h2>
            <Markdown text={m.content} />
          </section>
        ),
      )}
    </article>
  );
}
