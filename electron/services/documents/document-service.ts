/**
 * Attachments from start to finish: extraction in a worker (with OCR when a page needs it), the
 * stored result, and a page's source text when the user opens a citation.
 */
import { InkstoneError } from "../../shared/contract-kit.js";
import type { AttachmentStore } from "./attachment-store.js";
import { extractInWorker } from "./extract-in-worker.js";
import type { ExtractionProgress } from "./extract-text.js";
import { prepareOcrLanguages } from "./ocr.js";

export interface AttachmentSummary {
  id: string;
  name: string;
  kind: string;
  pages: number;
  chars: number;
  ocrPages: number[];
}

export class DocumentService {
  private langDir: Promise<string> | null = null;

  constructor(
    private readonly attachments: AttachmentStore,
    private readonly cacheDir: string,
  ) {}

  private ocrLanguages(): Promise<string> {
    this.langDir ??= prepareOcrLanguages(this.cacheDir).catch((error: unknown) => {
      this.langDir = null;
      throw new InkstoneError("io_error", {
        en: `The OCR languages could not be prepared: ${(error as Error).message}`,
        zh: `无法准备 OCR 语言数据：${(error as Error).message}`,
      });
    });
    return this.langDir;
  }

  async extract(
    name: string,
    bytes: Uint8Array | { file: string },
    signal: AbortSignal,
    onProgress: (progress: ExtractionProgress) => void,
  ): Promise<AttachmentSummary> {
    const langDir = await this.ocrLanguages();
    const document = await extractInWorker(
      bytes instanceof Uint8Array ? { name, bytes, langDir } : { name, file: bytes.file, langDir },
      { signal, onProgress },
    );
    const stored = await this.attachments.save(document);
    return {
      id: stored.id,
      name,
      kind: stored.kind,
      pages: stored.pages.length,
      chars: stored.pages.reduce((n, p) => n + p.text.length, 0),
      ocrPages: stored.ocrPages,
    };
  }

  /** The text of one page of an attachment: what a citation like [p. 3] points at. */
  async source(attachmentId: string, page: number): Promise<{ name: string; page: number; text: string }> {
    const stored = await this.attachments.get(attachmentId).catch(() => {
      throw new InkstoneError("not_found", { en: "That document is no longer available.", zh: "这个文档已不可用。" });
    });
    const found = stored.pages.find((p) => p.page === page);
    if (!found)
      throw new InkstoneError("not_found", {
        en: `${stored.name} has no page ${page}.`,
        zh: `${stored.name} 没有第 ${page} 页。`,
      });
    return { name: stored.name, page, text: found.text };
  }
}
