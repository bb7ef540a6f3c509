import { PDFDocument, rgb } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { makeDocx, makeEncryptedPdf, makePdf } from "../../../scripts/fixtures/document-fixtures.js";
import { fitToBudget, tokenizeForSearch } from "./context-budget.js";
import { extractDocument, paginate } from "./extract-text.js";

const words = (text: string) => Promise.resolve(Math.ceil(text.length / 4));

describe("extracting documents", () => {
  it("reads a PDF's text layer page by page, exactly", async () => {
    const doc = await extractDocument(
      "notes.pdf",
      await makePdf(["The width is 10 cm.", "The length is 15 cm.", "So the area is 150 cm2."]),
    );
    expect(doc.kind).toBe("pdf");
    expect(doc.pages).toEqual([
      { page: 1, text: "The width is 10 cm." },
      { page: 2, text: "The length is 15 cm." },
      { page: 3, text: "So the area is 150 cm2." },
    ]);
  });

  it("reads a Word document and plain text (with a BOM) exactly", async () => {
    const docx = await extractDocument(
      "homework.docx",
      await makeDocx(["Question 1", "A rectangle is 5 cm longer than it is wide."]),
    );
    expect(docx.pages[0]!.text).toBe("Question 1\n\nA rectangle is 5 cm longer than it is wide.");
    const text = await extractDocument("notes.md", new TextEncoder().encode("\uFEFF# 笔记\n\n周长为 50cm"));
    expect(text.pages).toEqual([{ page: 1, text: "# 笔记\n\n周长为 50cm" }]);
  });

  it("gives each kind of bad input its own reason and message", async () => {
    const scanned = await PDFDocument.create();
    scanned.addPage().drawRectangle({ x: 50, y: 50, width: 200, height: 100, color: rgb(0.2, 0.2, 0.2) });
    const cases: [string, Uint8Array, string, RegExp][] = [
      ["locked.pdf", makeEncryptedPdf(), "encrypted", /protected with a password/],
      [
        "broken.pdf",
        new TextEncoder().encode("%PDF-1.7\n garbage without objects"),
        "corrupt",
        /PDF could not be read/,
      ],
      [
        "broken.docx",
        new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8]),
        "corrupt",
        /Word document is damaged/,
      ],
      [
        "program.exe",
        new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0]),
        "unsupported",
        /cannot read program\.exe: attach a PDF/,
      ],
      ["big.pdf", await makePdf(["first"], 499), "too_many_pages", /has 500 pages; Inkstone reads at most 300/],
      ["huge.txt", new Uint8Array(50 * 1024 * 1024 + 1), "too_large", /50\.0 MB; Inkstone reads files up to 50 MB/],
      ["data.txt", new Uint8Array([0, 1, 2, 3, 0, 0, 255, 254]), "binary", /not text/],
      ["empty.txt", new Uint8Array(), "empty", /empty/],
      ["scan.pdf", await scanned.save(), "no_text", /no text layer \(it is scanned\), and OCR is not available/],
    ];
    for (const [name, bytes, reason, message] of cases) {
      const error = await extractDocument(name, bytes).then(
        () => null,
        (e: unknown) => e as { message: string; details: { reason: string } },
      );
      expect(error?.message, name).toMatch(message);
      expect(error?.details.reason, name).toBe(reason);
    }
  });

  it("cuts long text into pages at paragraph breaks", () => {
    const pages = paginate(`${"a".repeat(2000)}\n\n${"b".repeat(2000)}\n\n${"c".repeat(500)}`);
    expect(pages.map((p) => p.text[0])).toEqual(["a", "b"]);
    expect(pages[1]!.text.endsWith("c".repeat(500))).toBe(true);
  });
});

describe("context budget", () => {
  const pages = [
    { page: 1, text: "Chapter one introduces units and measurement. ".repeat(20) },
    { page: 2, text: "Triangles have three sides and three angles. ".repeat(20) },
    { page: 3, text: "Circles are measured by radius and diameter. ".repeat(20) },
    { page: 4, text: "The rectangle's perimeter is fifty centimetres and its area is what we want. ".repeat(10) },
    { page: 5, text: "Probability counts favourable outcomes. ".repeat(20) },
  ];

  it("keeps a document whole when it fits", async () => {
    const fitted = await fitToBudget(pages, "area of the rectangle", 100_000, words);
    expect(fitted).toMatchObject({ whole: true, pagesUsed: [1, 2, 3, 4, 5] });
    expect(fitted.text).toContain("[p. 4]");
  });

  it("picks the page that holds the answer when it does not", async () => {
    const fitted = await fitToBudget(pages, "What is the area of the rectangle with perimeter fifty?", 400, words);
    expect(fitted.whole).toBe(false);
    expect(fitted.pagesUsed).toContain(4);
    expect(fitted.pagesUsed.length).toBeLessThan(5);
    expect(fitted.tokens).toBeLessThanOrEqual(400);
  });

  it("finds Chinese pages by their words", async () => {
    const zh = [
      { page: 1, text: "三角形有三条边。".repeat(30) },
      { page: 2, text: "矩形的周长是五十厘米,求面积。".repeat(30) },
      { page: 3, text: "圆的面积与半径有关。".repeat(30) },
    ];
    expect(tokenizeForSearch("求面积")).toEqual(["求面", "面积"]);
    const fitted = await fitToBudget(zh, "矩形的周长", 150, words);
    expect(fitted.pagesUsed).toEqual([2]);
  });
});

describe("citations' source", () => {
  it("gives the text of the cited page, and says when the page or the document is not there", async () => {
    const { mkdtemp, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { AttachmentStore } = await import("./attachment-store.js");
    const { DocumentService } = await import("./document-service.js");
    const dir = await mkdtemp(path.join(tmpdir(), "inkstone-docs-"));
    try {
      const store = new AttachmentStore(path.join(dir, "attachments"));
      const stored = await store.save(
        await extractDocument("geometry.pdf", await makePdf(["Units.", "The rectangle is 10 cm wide."])),
      );
      const documents = new DocumentService(store, path.join(dir, "cache"));
      expect(await documents.source(stored.id, 2)).toEqual({
        name: "geometry.pdf",
        page: 2,
        text: "The rectangle is 10 cm wide.",
      });
      await expect(documents.source(stored.id, 9)).rejects.toThrow("geometry.pdf has no page 9.");
      await expect(documents.source("00000000-0000-0000-0000-000000000000", 1)).rejects.toThrow(
        "That document is no longer available.",
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("reads an uploaded file from its path in the worker, as it reads bytes", async () => {
    const { mkdtemp, rm, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { extractInWorker } = await import("./extract-in-worker.js");
    const pdf = await makePdf(["Units.", "The rectangle is 10 cm wide."]);
    const dir = await mkdtemp(path.join(tmpdir(), "inkstone-upload-"));
    try {
      const file = path.join(dir, "upload.part");
      await writeFile(file, pdf);
      const doc = await extractInWorker({ name: "geometry.pdf", file, langDir: "" });
      expect(doc.pages.map((p) => p.text)).toEqual(["Units.", "The rectangle is 10 cm wide."]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
