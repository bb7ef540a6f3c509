/**
 * Files attached to the next question: the ones read and ready, the one being read (with its
 * progress and a cancel), and why the last one was refused. Limits are checked here before any
 * bytes are read, and again in main.
 */
import { create } from "zustand";
import {
  DOCUMENT_LIMITS,
  type DocumentErrorReason,
  type ExtractionStage,
} from "../../../electron/shared/document-limits";
import { ClientError, type StreamHandle } from "../client/client";
import { getClient } from "../client/instance";
import { uploadFile } from "../client/upload";

export interface ReadyAttachment {
  id: string;
  name: string;
  pages: number;
  ocrPages: number[];
}

export interface AttachmentJob {
  name: string;
  stage: ExtractionStage;
  done: number;
  total: number;
  handle: StreamHandle<unknown> | null;
}

export interface AttachmentError {
  name: string;
  /** Known reasons are worded by the UI in the user's language; others show `message`. */
  reason: DocumentErrorReason | null;
  message: string;
  details: Record<string, unknown>;
}

export interface CitedSource {
  name: string;
  page: number;
  text: string;
}

interface AttachmentsState {
  /** The page a citation points at, when the user opened one. */
  source: CitedSource | null;
  sourceError: string | null;
  openSource(documents: { id: string; pagesUsed?: number[] }[], page: number): Promise<void>;
  closeSource(): void;
  ready: ReadyAttachment[];
  job: AttachmentJob | null;
  error: AttachmentError | null;
  attach(file: File): Promise<void>;
  cancel(): void;
  remove(id: string): void;
  dismissError(): void;
  /** The ready attachments' ids, for the question being sent; the list is emptied. */
  take(): string[];
  /**
   * Forgets everything pending (the file being read too): attachments belong to the question being
   * written in one conversation, so New chat, opening another conversation or deleting this one
   * must not carry them into the next question.
   */
  clear(): void;
}

/** Percent read of the file being read, or null when its size is not known yet. */
export function jobPercent(job: AttachmentJob): number | null {
  return job.total > 0 ? Math.round((job.done / job.total) * 100) : null;
}

const ACCEPTED = new RegExp(
  `(${DOCUMENT_LIMITS.accept
    .split(",")
    .map((e) => `\\${e}`)
    .join("|")})$`,
  "i",
);

/** Which attach() is current: a newer one, or cancel(), makes older ones' results moot. */
let currentJob = 0;

export const useAttachmentsStore = create<AttachmentsState>()((set, get) => ({
  ready: [],
  job: null,
  error: null,
  source: null,
  sourceError: null,
  async openSource(documents, page) {
    // the document whose pages sent to the model include this one; else the first that has it
    const ordered = [...documents].sort(
      (a, b) => Number(b.pagesUsed?.includes(page) ?? false) - Number(a.pagesUsed?.includes(page) ?? false),
    );
    let lastError = "";
    for (const document of ordered) {
      try {
        set({
          source: await getClient().call("documents.source", { attachmentId: document.id, page }),
          sourceError: null,
        });
        return;
      } catch (error) {
        lastError = (error as Error).message;
      }
    }
    set({ source: null, sourceError: lastError || `No page ${page}.` });
  },
  closeSource() {
    set({ source: null, sourceError: null });
  },
  async attach(file) {
    if (get().job) get().cancel();
    const jobId = ++currentJob;
    const refuse = (reason: DocumentErrorReason, message: string, details: Record<string, unknown> = {}) =>
      set({ error: { name: file.name, reason, message, details } });
    if (file.size > DOCUMENT_LIMITS.maxBytes) {
      refuse("too_large", "too large", { megabytes: Math.round((file.size / 1024 / 1024) * 10) / 10 });
      return;
    }
    if (!ACCEPTED.test(file.name)) {
      refuse("unsupported", "unsupported");
      return;
    }
    const job: AttachmentJob = { name: file.name, stage: "reading", done: 0, total: 0, handle: null };
    set({ job, error: null });
    try {
      const uploadId = await uploadFile(getClient(), "document", file, {
        isCancelled: () => jobId !== currentJob,
        onProgress: (done, total) => {
          if (jobId === currentJob) set({ job: { ...job, done, total } });
        },
      });
      if (uploadId === null || jobId !== currentJob) return; // cancelled while the file was sent
      const handle = getClient().stream("documents.extract", { name: file.name, uploadId }, (events) => {
        const last = events.at(-1);
        if (last && jobId === currentJob) set({ job: { ...job, handle, ...last } });
      });
      set({ job: { ...job, handle } });
      const document = await handle.result;
      if (jobId === currentJob) set({ ready: [...get().ready, document] });
    } catch (error) {
      if (jobId !== currentJob || (error instanceof ClientError && error.code === "cancelled")) return;
      const details = (error instanceof ClientError ? (error.details as Record<string, unknown>) : null) ?? {};
      const reason = typeof details.reason === "string" ? (details.reason as DocumentErrorReason) : null;
      set({ error: { name: file.name, reason, message: (error as Error).message, details } });
    } finally {
      if (jobId === currentJob) set({ job: null });
    }
  },
  cancel() {
    currentJob++;
    get().job?.handle?.cancel();
    set({ job: null });
  },
  remove(id) {
    set({ ready: get().ready.filter((a) => a.id !== id) });
  },
  dismissError() {
    set({ error: null });
  },
  take() {
    const ids = get().ready.map((a) => a.id);
    set({ ready: [], error: null });
    return ids;
  },
  clear() {
    get().cancel();
    set({ ready: [], error: null, source: null, sourceError: null });
  },
}));
