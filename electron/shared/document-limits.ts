/** What an attachment may be, stated to the user before any work starts and enforced in main. */
export const DOCUMENT_LIMITS = {
  maxBytes: 50 * 1024 * 1024,
  maxPages: 300,
  /** Files the attach button offers (the main process checks the bytes, not the name). */
  accept: ".pdf,.docx,.txt,.md,.markdown,.png,.jpg,.jpeg",
} as const;

/** Why an attachment was refused: the renderer words each one in the user's language. */
export const documentErrorReasons = [
  "too_large",
  "too_many_pages",
  "encrypted",
  "corrupt",
  "no_text",
  "empty",
  "binary",
  "unsupported",
  "ocr_failed",
] as const;
export type DocumentErrorReason = (typeof documentErrorReasons)[number];

export const extractionStages = ["reading", "rendering", "ocr"] as const;
export type ExtractionStage = (typeof extractionStages)[number];
