/**
 * Offline OCR with tesseract.js: English and Simplified Chinese trained data from the
 * @tesseract.js-data npm packages, copied once into one folder (tesseract reads every language
 * from a single folder). Nothing is fetched: a language missing on disk is an error, not a download.
 */
import { copyFile, mkdir, rename, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

export const OCR_LANGUAGES = ["eng", "chi_sim"] as const;
const DATA_VARIANT = "4.0.0_best_int";

/** The folder holding `<lang>.traineddata.gz` for every OCR language, made under `cacheDir` if needed. */
export async function prepareOcrLanguages(cacheDir: string): Promise<string> {
  const dir = path.join(cacheDir, `ocr-${DATA_VARIANT}`);
  await mkdir(dir, { recursive: true });
  for (const lang of OCR_LANGUAGES) {
    // Electron (17 and later) reads these out of app.asar, in worker threads too.
    const source = path.join(
      path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)),
      DATA_VARIANT,
      `${lang}.traineddata.gz`,
    );
    const target = path.join(dir, `${lang}.traineddata.gz`);
    const [from, to] = await Promise.all([stat(source), stat(target).catch(() => null)]);
    if (to?.size !== from.size) {
      const partial = `${target}.partial`;
      await copyFile(source, partial);
      await rename(partial, target);
    }
  }
  return dir;
}

/** Tesseract puts spaces between Chinese characters; a reader does not want them. */
export function tidyOcrText(text: string): string {
  const cjk = "\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef";
  return text
    .replace(new RegExp(`(?<=[${cjk}]) +(?=[${cjk}])`, "gu"), "")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

type TesseractWorker = Awaited<ReturnType<typeof import("tesseract.js")["createWorker"]>>;

/** One tesseract worker (a thread of its own) with both languages loaded; reuse it across pages. */
export class OcrReader {
  private onProgress: ((fraction: number) => void) | null = null;

  private constructor(private readonly worker: TesseractWorker) {}

  static async open(langDir: string): Promise<OcrReader> {
    const { createWorker, OEM } = await import("tesseract.js");
    let reader: OcrReader | null = null;
    const worker = await createWorker([...OCR_LANGUAGES], OEM.LSTM_ONLY, {
      langPath: langDir,
      gzip: true,
      cacheMethod: "none",
      logger: (m: { status: string; progress: number }) => {
        if (m.status === "recognizing text") reader?.onProgress?.(m.progress);
      },
      errorHandler: () => {},
    });
    reader = new OcrReader(worker);
    return reader;
  }

  async recognize(image: Uint8Array, onProgress?: (fraction: number) => void): Promise<string> {
    this.onProgress = onProgress ?? null;
    try {
      const { data } = await this.worker.recognize(Buffer.from(image));
      return tidyOcrText(data.text);
    } finally {
      this.onProgress = null;
    }
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
