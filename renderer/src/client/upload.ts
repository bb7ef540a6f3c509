/**
 * Sends a file to the main process in chunks (uploads.*), so no single message is large: the main thread stays
 * free while a 50 MB attachment or a 200 MB history export arrives. Returns the upload's id, which
 * `documents.extract` or `history.import` then names.
 */
import type { UploadPurpose } from "../../../electron/shared/contract/uploads";
import type { InkstoneClient } from "./client";

function base64Of(blob: Blob): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(",") + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error("The file could not be read."));
    reader.readAsDataURL(blob);
  });
}

export interface UploadOptions {
  /** Bytes sent so far, of the whole. */
  onProgress?(sent: number, total: number): void;
  /** Stops sending (the partial upload is discarded). */
  isCancelled?(): boolean;
}

export async function uploadFile(
  client: InkstoneClient,
  purpose: UploadPurpose,
  blob: Blob,
  options: UploadOptions = {},
): Promise<string | null> {
  const { uploadId, chunkBytes } = await client.call("uploads.begin", { purpose, size: blob.size });
  try {
    for (let offset = 0; offset < blob.size; offset += chunkBytes) {
      if (options.isCancelled?.()) {
        await client.call("uploads.discard", { uploadId });
        return null;
      }
      const dataBase64 = await base64Of(blob.slice(offset, offset + chunkBytes));
      await client.call("uploads.append", { uploadId, offset, dataBase64 });
      options.onProgress?.(Math.min(offset + chunkBytes, blob.size), blob.size);
    }
    return uploadId;
  } catch (error) {
    void client.call("uploads.discard", { uploadId }).catch(() => {});
    throw error;
  }
}
