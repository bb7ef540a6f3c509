/**
 * Text out of an attached file, page by page, with limits checked before any work: PDF (its text
 * layer via unpdf; pages without one are rendered and read by OCR), DOCX (mammoth), TXT and MD, and
 * PNG/JPG photos (OCR). Each kind of bad input gets its own reason and message.
 */
import { InkstoneError, type LocalizedMessage } from "../../shared/contract-kit.js";
import { DOCUMENT_LIMITS, type DocumentErrorReason, type ExtractionStage } from "../../shared/document-limits.js";
import type { OcrReader } from "./ocr.js";

export { DOCUMENT_LIMITS };

export interface ExtractedPage {
  /** 1-based page number (DOCX and text files are cut into pages of about 3,000 characters). */
  page: number;
  text: string;
}

export interface ExtractedDocument {
  name: string;
  kind: "pdf" | "docx" | "text" | "image";
  pages: ExtractedPage[];
  /** Pages whose text came from OCR (a photo, or a scanned PDF's pages). */
  ocrPages: number[];
}

export interface ExtractionProgress {
  stage: ExtractionStage;
  /** Pages finished so far, and of how many. */
  done: number;
  total: number;
}

export interface ExtractOptions {
  /** Opens the OCR reader when a page needs it; without it, photos and scans are refused. */
  ocr?: () => Promise<OcrReader>;
  onProgress?: (progress: ExtractionProgress) => void;
}

/** Scale at which a scanned page is rendered for OCR (2 × 72 dpi). */
const OCR_RENDER_SCALE = 2;

const TEXT_PAGE_CHARS = 3000;

export type DocumentKind = "pdf" | "docx" | "text" | "image" | "unknown";

/** The file's kind from its first bytes (and, for plain text, its name). */
export function detectKind(name: string, bytes: Uint8Array): DocumentKind {
  const head = Buffer.from(bytes.subarray(0, 8));
  if (head.subarray(0, 5).toString("latin1") === "%PDF-") return "pdf";
  if (head[0] === 0x50 && head[1] === 0x4b && /\.docx$/i.test(name)) return "docx";
  if (
    head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) ||
    (head[0] === 0xff && head[1] === 0xd8)
  ) {
    return "image";
  }
  if (/\.(txt|md|markdown)$/i.test(name)) return "text";
  return "unknown";
}

function fail(reason: DocumentErrorReason, message: LocalizedMessage, extra: Record<string, number> = {}): never {
  throw new InkstoneError("invalid_request", { en: message.en, zh: message.zh }, { reason, ...extra });
}

/** Cuts text into pages at paragraph breaks near every `size` characters. */
export function paginate(text: string, size = TEXT_PAGE_CHARS): ExtractedPage[] {
  const pages: ExtractedPage[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    let cut = rest.length <= size ? rest.length : rest.lastIndexOf("\n\n", size);
    if (cut < size / 2) cut = Math.min(size, rest.length);
    pages.push({ page: pages.length + 1, text: rest.slice(0, cut).trim() });
    rest = rest.slice(cut).trim();
  }
  return pages;
}

async function extractPdf(bytes: Uint8Array, options: ExtractOptions): Promise<Omit<ExtractedDocument, "name">> {
  const { getDocumentProxy, extractText, renderPageAsImage } = await import("unpdf");
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes));
  } catch (error) {
    const message = String((error as Error).message ?? error);
    if (/password/i.test(message) || (error as { name?: string }).name === "PasswordException") {
      fail("encrypted", {
        en: "This PDF is protected with a password. Remove the protection (or print it to a new PDF) and attach it again.",
        zh: "这个 PDF 有密码保护。请去掉保护（或把它打印成新的 PDF）后重新附加。",
      });
    }
    fail("corrupt", { en: `This PDF could not be read: ${message}`, zh: `无法读取这个 PDF：${message}` });
  }
  const total = pdf.numPages;
  if (total > DOCUMENT_LIMITS.maxPages) {
    fail(
      "too_many_pages",
      {
        en: `This PDF has ${total} pages; Inkstone reads at most ${DOCUMENT_LIMITS.maxPages}. Attach the chapter you need.`,
        zh: `这个 PDF 有 ${total} 页；Inkstone 最多读取 ${DOCUMENT_LIMITS.maxPages} 页。请附加你需要的那一章。`,
      },
      { pages: total },
    );
  }
  options.onProgress?.({ stage: "reading", done: 0, total });
  const { text } = await extractText(pdf, { mergePages: false });
  const pages = text.map((t, i) => ({ page: i + 1, text: t.trim() }));
  const scanned = pages.filter((p) => p.text === "");
  if (scanned.length === 0) return { kind: "pdf", pages, ocrPages: [] };
  if (!options.ocr) {
    if (scanned.length < pages.length) return { kind: "pdf", pages, ocrPages: [] };
    fail("no_text", {
      en: "This PDF has no text layer (it is scanned), and OCR is not available here.",
      zh: "这个 PDF 没有文字层（是扫描件），而这里无法使用 OCR。",
    });
  }
  // Pages without a text layer (scans): render each and read it with OCR.
  const reader = await options.ocr();
  const ocrPages: number[] = [];
  for (const [index, page] of scanned.entries()) {
    options.onProgress?.({ stage: "rendering", done: index, total: scanned.length });
    let image: ArrayBuffer;
    try {
      image = await renderPageAsImage(pdf, page.page, {
        canvasImport: () => import("@napi-rs/canvas"),
        scale: OCR_RENDER_SCALE,
      });
    } catch (error) {
      fail("corrupt", {
        en: `Page ${page.page} of this PDF has no text layer and could not be rendered for OCR (${String((error as Error).message ?? error)}).`,
        zh: `这个 PDF 的第 ${page.page} 页没有文字层，也无法渲染出来做 OCR（${String((error as Error).message ?? error)}）。`,
      });
    }
    options.onProgress?.({ stage: "ocr", done: index, total: scanned.length });
    page.text = await reader.recognize(new Uint8Array(image));
    if (page.text) ocrPages.push(page.page);
  }
  options.onProgress?.({ stage: "ocr", done: scanned.length, total: scanned.length });
  if (pages.every((p) => p.text === "")) {
    fail("no_text", {
      en: "This PDF has no text layer (it is scanned), and OCR found no text on its pages.",
      zh: "这个 PDF 没有文字层（是扫描件），OCR 也没有在页面上找到文字。",
    });
  }
  return { kind: "pdf", pages, ocrPages };
}

async function extractImage(bytes: Uint8Array, options: ExtractOptions): Promise<Omit<ExtractedDocument, "name">> {
  if (!options.ocr)
    fail("no_text", {
      en: "Reading photos needs OCR, which is not available here.",
      zh: "读取照片需要 OCR，而这里无法使用 OCR。",
    });
  const reader = await options.ocr();
  options.onProgress?.({ stage: "ocr", done: 0, total: 1 });
  let text: string;
  try {
    text = await reader.recognize(bytes, (fraction) =>
      options.onProgress?.({ stage: "ocr", done: Math.min(0.99, fraction), total: 1 }),
    );
  } catch (error) {
    fail("corrupt", {
      en: `This image is damaged and could not be read (${String((error as Error).message ?? error)}).`,
      zh: `这张图片已损坏，无法读取（${String((error as Error).message ?? error)}）。`,
    });
  }
  options.onProgress?.({ stage: "ocr", done: 1, total: 1 });
  if (!text) {
    fail("no_text", {
      en: "No text was found in this image. Try a sharper, well-lit photo with the text upright.",
      zh: "在这张图片中没有找到文字。请换一张更清晰、光线充足、文字端正的照片。",
    });
  }
  return { kind: "image", pages: [{ page: 1, text }], ocrPages: [1] };
}

async function extractDocx(bytes: Uint8Array): Promise<ExtractedPage[]> {
  const mammoth = await import("mammoth");
  try {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    if (!value.trim()) fail("empty", { en: "This Word document contains no text.", zh: "这个 Word 文档中没有文字。" });
    return paginate(value);
  } catch (error) {
    if (error instanceof InkstoneError) throw error;
    fail("corrupt", {
      en: `This Word document is damaged and could not be read (${(error as Error).message}).`,
      zh: `这个 Word 文档已损坏，无法读取（${(error as Error).message}）。`,
    });
  }
}

function extractPlainText(bytes: Uint8Array): ExtractedPage[] {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes).replace(/^\uFEFF/, "");
  const replacement = (text.match(/\uFFFD/g) ?? []).length;
  if (text.includes("\0") || replacement > text.length / 100)
    fail("binary", {
      en: "This file is not text (it looks like binary data).",
      zh: "这个文件不是文本（看起来是二进制数据）。",
    });
  if (!text.trim()) fail("empty", { en: "This file is empty.", zh: "这个文件是空的。" });
  return paginate(text);
}

export async function extractDocument(
  name: string,
  bytes: Uint8Array,
  options: ExtractOptions = {},
): Promise<ExtractedDocument> {
  if (bytes.byteLength > DOCUMENT_LIMITS.maxBytes) {
    fail(
      "too_large",
      {
        en: `This file is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; Inkstone reads files up to ${DOCUMENT_LIMITS.maxBytes / 1024 / 1024} MB.`,
        zh: `这个文件大小为 ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB；Inkstone 最多读取 ${DOCUMENT_LIMITS.maxBytes / 1024 / 1024} MB 的文件。`,
      },
      { megabytes: Math.round((bytes.byteLength / 1024 / 1024) * 10) / 10 },
    );
  }
  const kind = detectKind(name, bytes);
  switch (kind) {
    case "pdf":
      return { name, ...(await extractPdf(bytes, options)) };
    case "docx":
      return { name, kind, pages: await extractDocx(bytes), ocrPages: [] };
    case "text":
      return { name, kind, pages: extractPlainText(bytes), ocrPages: [] };
    case "image":
      return { name, ...(await extractImage(bytes, options)) };
    default:
      // a file named as a kind Inkstone reads whose bytes are not that kind (random bytes, a renamed
      // file, a cut-off download) is damaged, not of an unsupported type
      if (/\.(pdf|docx|png|jpe?g)$/i.test(name))
        return fail("corrupt", { en: `${name} is damaged and could not be read.`, zh: `${name} 已损坏，无法读取。` });
      return fail("unsupported", {
        en: `Inkstone cannot read ${name}: attach a PDF, a Word document (.docx), a .txt / .md file, or a PNG / JPG photo.`,
        zh: `Inkstone 无法读取 ${name}：请附加 PDF、Word 文档（.docx）、.txt / .md 文件，或 PNG / JPG 照片。`,
      });
  }
}
