/** The documents.* channels' handlers. */
import type { ServiceDeps } from "../app-types.js";
import type { DomainHandlers } from "./domain.js";

export function documentsHandlers({ documents }: ServiceDeps): DomainHandlers<"documents"> {
  return {
    "documents.extract": async ({ name, dataBase64 }, { emit, signal }) =>
      // decoded in the extraction worker: 50 MB of base64 never stops this thread
      documents.extract(name, { base64: dataBase64 }, signal, (progress) => emit({ kind: "progress", ...progress })),
    "documents.source": async ({ attachmentId, page }) => documents.source(attachmentId, page),
  };
}
