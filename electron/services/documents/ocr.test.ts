import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHINESE_PHOTO_TEXT,
  characterAccuracy,
  ENGLISH_PHOTO_TEXT,
  makeScannedPdf,
  renderTextPhotos,
} from "../../../scripts/fixtures/document-fixtures.js";
import { extractInWorker } from "./extract-in-worker.js";
import type { ExtractionProgress } from "./extract-text.js";
import { OcrReader, prepareOcrLanguages, tidyOcrText } from "./ocr.js";

let dir: string;
let langDir: string;
let english: Uint8Array;
let chinese: Uint8Array;
let englishJpeg: Uint8Array;
let blank: Uint8Array;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "inkstone-ocr-"));
  langDir = await prepareOcrLanguages(dir);
  [english, chinese, blank] = (await renderTextPhotos([ENGLISH_PHOTO_TEXT, CHINESE_PHOTO_TEXT, " "])) as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ];
  [englishJpeg] = (await renderTextPhotos([ENGLISH_PHOTO_TEXT], { type: "jpeg" })) as [Uint8Array];
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("OCR (tesseract.js, trained data from npm, offline)", () => {
  it("reads clean English and Chinese photos with at least 95 % of characters right", async () => {
    const reader = await OcrReader.open(langDir);
    try {
      const en = await reader.recognize(english);
      const zh = await reader.recognize(chinese);
      expect(characterAccuracy(ENGLISH_PHOTO_TEXT, en)).toBeGreaterThanOrEqual(0.95);
      expect(characterAccuracy(CHINESE_PHOTO_TEXT, zh)).toBeGreaterThanOrEqual(0.95);
      expect(zh).not.toMatch(/\p{Script=Han} \p{Script=Han}/u); // no spaces between Chinese characters
    } finally {
      await reader.close();
    }
  });

  it("joins Chinese characters that tesseract spaces apart, and leaves English words alone", () => {
    expect(tidyOcrText("一 列 火 车 在 两 小 时 内 。\nA train  \n\n\n\nis fast")).toBe(
      "一列火车在两小时内。\nA train\n\nis fast",
    );
  });
});

describe("extracting in a worker thread", () => {
  it("reads a photo (PNG or JPG) with OCR and reports progress", async () => {
    const progress: ExtractionProgress[] = [];
    const doc = await extractInWorker(
      { name: "worksheet.png", bytes: english, langDir },
      { onProgress: (p) => progress.push(p) },
    );
    expect(doc).toMatchObject({ kind: "image", ocrPages: [1] });
    expect(characterAccuracy(ENGLISH_PHOTO_TEXT, doc.pages[0]!.text)).toBeGreaterThanOrEqual(0.95);
    expect(progress.at(-1)).toEqual({ stage: "ocr", done: 1, total: 1 });
    const jpeg = await extractInWorker({ name: "worksheet.jpg", bytes: englishJpeg, langDir });
    expect(characterAccuracy(ENGLISH_PHOTO_TEXT, jpeg.pages[0]!.text)).toBeGreaterThanOrEqual(0.95);
  });

  it("renders a scanned PDF page by page and reads each with OCR", async () => {
    const pdf = await makeScannedPdf([english, chinese]);
    const stages = new Set<string>();
    const doc = await extractInWorker(
      { name: "scan.pdf", bytes: pdf, langDir },
      { onProgress: (p) => stages.add(`${p.stage} ${p.done}/${p.total}`) },
    );
    expect(doc.kind).toBe("pdf");
    expect(doc.ocrPages).toEqual([1, 2]);
    expect(characterAccuracy(ENGLISH_PHOTO_TEXT, doc.pages[0]!.text)).toBeGreaterThanOrEqual(0.95);
    expect(characterAccuracy(CHINESE_PHOTO_TEXT, doc.pages[1]!.text)).toBeGreaterThanOrEqual(0.95);
    expect([...stages]).toEqual(expect.arrayContaining(["rendering 0/2", "ocr 1/2", "ocr 2/2"]));
  });

  it("says so when a photo has no text or is damaged", async () => {
    await expect(extractInWorker({ name: "wall.png", bytes: blank, langDir })).rejects.toMatchObject({
      message: expect.stringMatching(/No text was found in this image/),
      details: { reason: "no_text" },
    });
    const truncated = english.slice(0, 200);
    await expect(extractInWorker({ name: "cut.png", bytes: truncated, langDir })).rejects.toMatchObject({
      details: { reason: "corrupt" },
    });
  });

  it("stops at once when cancelled, with nothing returned", async () => {
    const pdf = await makeScannedPdf([english, chinese, english, chinese]);
    const controller = new AbortController();
    let pagesSeen = 0;
    const result = extractInWorker(
      { name: "scan.pdf", bytes: pdf, langDir },
      {
        signal: controller.signal,
        onProgress: (p) => {
          pagesSeen = Math.max(pagesSeen, p.done);
          if (p.stage === "ocr") controller.abort();
        },
      },
    );
    await expect(result).rejects.toMatchObject({ code: "cancelled" });
    expect(pagesSeen).toBeLessThan(4);
  });
});
