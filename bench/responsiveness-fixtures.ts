/** What `npm run bench:responsiveness` feeds web mode: models folder, a 50 MB PDF, a 100k-message history, a suite. */
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync } from "node:fs";
import path from "node:path";
import { PDFDocument, PDFName, StandardFonts } from "pdf-lib";
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportFile } from "../electron/shared/history-schemas.js";
import { ensureModel } from "../scripts/gguf/model-cache.js";

/**
 * `random.gguf` (sampled at temperature 1 it writes readable text without end and without repeating itself, so the
 * loop detector lets it run to its token limit), `scripted.gguf`, and copies up to `count` files.
 */
export function modelsFolder(dataDir: string, count: number): void {
  const dir = path.join(dataDir, "models");
  mkdirSync(dir, { recursive: true });
  linkSync(ensureModel({ kind: "random" }), path.join(dir, "random.gguf"));
  const scripted = ensureModel({ kind: "scripted" });
  linkSync(scripted, path.join(dir, "scripted.gguf"));
  for (let i = 2; i < count; i++) linkSync(scripted, path.join(dir, `copy-${String(i).padStart(2, "0")}.gguf`));
}

/** A PDF of `bytes` bytes: three pages of text and an embedded 49 MB stream (what makes scanned or illustrated PDFs large). */
export async function largePdf(bytes: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of ["Chapter one: units.", "The rectangle is 10 cm wide and 15 cm long.", "Chapter three."]) {
    doc.addPage().drawText(text, { x: 50, y: 700, size: 12, font });
  }
  const head = (await doc.save()).length;
  const blob = doc.context.register(doc.context.stream(randomBytes(Math.max(0, bytes - head - 4096)), {}));
  doc.catalog.set(PDFName.of("InkstoneBenchBlob"), blob);
  return doc.save({ useObjectStreams: false });
}

/** `conversations` conversations of chained messages, listed child first (the order that was quadratic). */
export function history(conversations: number, messagesEach: number): string {
  const file: ExportFile = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: 0, conversations: [] };
  for (let c = 0; c < conversations; c++) {
    const messages = Array.from({ length: messagesEach }, (_, i) => ({
      id: `c${c}m${i}`,
      parentId: i === 0 ? null : `c${c}m${i - 1}`,
      role: i % 2 === 0 ? ("user" as const) : ("assistant" as const),
      content: `Message ${i} of conversation ${c}: the rectangle is 10 cm wide and 15 cm long, so its area is 150.`,
      reasoning: "",
      status: "complete" as const,
      error: null,
      metrics: null,
      attachments: [],
      createdAt: 1_700_000_000_000 + i,
      updatedAt: 1_700_000_000_000 + i,
    })).reverse();
    file.conversations.push({
      id: `c${c}`,
      title: `Imported ${c}`,
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_000 + messagesEach,
      pinned: false,
      modelVariant: null,
      settings: {},
      activeLeafId: `c${c}m${messagesEach - 1}`,
      messages,
    });
  }
  return JSON.stringify(file);
}

/** A small suite with each kind of checker the main process runs (number, regex, verdict). */
export const suiteJson = JSON.stringify({
  format: "inkstone-suite",
  version: 1,
  id: "bench-responsiveness",
  name: "Responsiveness bench",
  tasks: [
    {
      id: "area",
      category: "math",
      prompt: "A rectangle is 10 cm wide and 15 cm long. What is its area?",
      checker: { type: "number", expected: 150 },
    },
    {
      id: "area-pattern",
      category: "math",
      prompt: "A rectangle is 10 cm wide and 15 cm long. What is its area?",
      checker: { type: "regex", pattern: "\\b150\\b", flags: "i" },
    },
    {
      id: "syllogism",
      category: "logic",
      prompt: "All squares are rectangles. Is every square a rectangle?",
      checker: { type: "verdict", expected: "yes" },
    },
  ],
});
