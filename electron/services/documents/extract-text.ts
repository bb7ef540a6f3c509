/**
 * Text out of an attached file, page by page, with limits stated before any work: PDF (its text
 * layer, via unpdf), DOCX (mammoth), TXT and MD. Each kind of bad input gets its own message.
 * (Images and scanned PDFs need OCR, which is not built yet: they are refused with that reason.)
 */
import { InkstoneError } from "../../shared/contract-kit.js";

export const DOCUMENT_LIMITS = { maxBytes: 50 * 1024 * 1024, maxPages: 300 } as const;

export interface ExtractedPage {
  /** 1-based page number (DOCX and text files are cut into pages of about 3,000 characters). */
  page: number;
  text: string;
}

export interface ExtractedDocument {
  name: string;
  kind: "pdf" | "docx" | "text";
  pages: ExtractedPage[];
}

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

function fail(reason: string, message: string): never {
  throw new InkstoneError("invalid_request", message, { reason });
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

async function extractPdf(bytes: Uint8Array): Promise<ExtractedPage[]> {
  const { getDocumentProxy, extractText } = await import("unpdf");
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes));
  } catch (error) {
    const message = String((error as Error).message ?? error);
    if (/password/i.test(message) || (error as { name?: string }).name === "PasswordException") {
      fail(
        "encrypted",
        "This PDF is protected with a password. Remove the protection (or print it to a new PDF) and attach it again.",
      );
    }
    fail("corrupt", `This PDF could not be read: ${message}`);
  }
  if (pdf.numPages > DOCUMENT_LIMITS.maxPages) {
    fail(
      "too_many_pages",
      `This PDF has ${pdf.numPages} pages; Inkstone reads at most ${DOCUMENT_LIMITS.maxPages}. Attach the chapter you need.`,
    );
  }
  const { text } = await extractText(pdf, { mergePages: false });
  const pages = text.map((t, i) => ({ page: i + 1, text: t.trim() }));
  if (pages.every((p) => p.text === "")) {
    fail(
      "no_text_layer",
      "This PDF has no text layer (it is scanned). Reading scanned pages needs OCR, which this version does not have yet.",
    );
  }
  return pages;
}

async function extractDocx(bytes: Uint8Array): Promise<ExtractedPage[]> {
  const mammoth = await import("mammoth");
  try {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    if (!value.trim()) fail("empty", "This Word document contains no text.");
    return paginate(value);
  } catch (error) {
    if (error instanceof InkstoneError) throw error;
    fail("corrupt", `This Word document is damaged and could not be read (${(error as Error).message}).`);
  }
}

function extractPlainText(bytes: Uint8Array): ExtractedPage[] {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes).replace(/^\uFEFF/, "");
  const replacement = (text.match(/\uFFFD/g) ?? []).length;
  if (text.includes("\0") || replacement > text.length / 100)
    fail("binary", "This file is not text (it looks like binary data).");
  if (!text.trim()) fail("empty", "This file is empty.");
  return paginate(text);
}

export async function extractDocument(name: string, bytes: Uint8Array): Promise<ExtractedDocument> {
  if (bytes.byteLength > DOCUMENT_LIMITS.maxBytes) {
    fail(
      "too_large",
      `This file is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; Inkstone reads files up to ${DOCUMENT_LIMITS.maxBytes / 1024 / 1024} MB.`,
    );
  }
  const kind = detectKind(name, bytes);
  switch (kind) {
    case "pdf":
      return { name, kind, pages: await extractPdf(bytes) };
    case "docx":
      return { name, kind, pages: await extractDocx(bytes) };
    case "text":
      return { name, kind, pages: extractPlainText(bytes) };
    case "image":
      return fail("needs_ocr", "Reading photos and scans needs OCR, which this version does not have yet.");
    default:
      return fail(
        "unsupported",
        `Inkstone cannot read ${name}: attach a PDF, a Word document (.docx), or a .txt / .md file.`,
      );
  }
}
