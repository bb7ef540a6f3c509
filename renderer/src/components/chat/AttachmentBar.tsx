import { useTranslation } from "react-i18next";
import { DOCUMENT_LIMITS } from "../../../../electron/shared/document-limits";
import {
  type AttachmentError,
  type AttachmentJob,
  jobPercent,
  type ReadyAttachment,
} from "../../stores/attachments-store";

export interface AttachmentBarProps {
  ready: ReadyAttachment[];
  job: AttachmentJob | null;
  error: AttachmentError | null;
  onRemove(id: string): void;
  onCancel(): void;
  onDismissError(): void;
}

/** A refusal in the user's language, with the numbers that explain it. */
export function useAttachmentErrorText(): (error: AttachmentError) => string {
  const { t } = useTranslation();
  return (error) => {
    if (!error.reason) return `${error.name}: ${error.message}`;
    return t(`documents.errors.${error.reason}`, {
      name: error.name,
      megabytes: error.details.megabytes,
      pages: error.details.pages,
      maxMegabytes: DOCUMENT_LIMITS.maxBytes / 1024 / 1024,
      maxPages: DOCUMENT_LIMITS.maxPages,
    });
  };
}

/** What goes with the next question: ready files, the one being read (progress, cancel), a refusal. */
export function AttachmentBar({ ready, job, error, onRemove, onCancel, onDismissError }: AttachmentBarProps) {
  const { t } = useTranslation();
  const errorText = useAttachmentErrorText();
  if (ready.length === 0 && !job && !error) return null;
  const percent = job ? jobPercent(job) : null;
  return (
    <div className="attachments" data-testid="attachments">
      {ready.map((a) => (
        <span key={a.id} className="chip">
          {a.name} · {t("documents.pages", { count: a.pages })}
          {a.ocrPages.length > 0 && <em className="ocr-note"> · {t("documents.ocrUsed")}</em>}
          <button type="button" aria-label={t("documents.remove", { name: a.name })} onClick={() => onRemove(a.id)}>
            ×
          </button>
        </span>
      ))}
      {job && (
        <span className="chip muted" role="status" data-testid="attachment-progress">
          {job.stage === "reading"
            ? t("documents.reading", { name: job.name })
            : t(job.stage === "rendering" ? "documents.rendering" : "documents.ocr", {
                name: job.name,
                page: Math.min(Math.floor(job.done) + 1, job.total),
                total: job.total,
              })}
          {percent !== null && <progress max={100} value={percent} aria-label={t("documents.progress")} />}
          <button type="button" onClick={onCancel}>
            {t("documents.cancel")}
          </button>
        </span>
      )}
      {error && (
        <span className="error-text" role="alert">
          {errorText(error)}{" "}
          <button type="button" className="link" onClick={onDismissError} aria-label={t("documents.dismiss")}>
            ×
          </button>
        </span>
      )}
    </div>
  );
}
