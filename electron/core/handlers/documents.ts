/** The documents.* channels' handlers. */
import type { ServiceDeps } from "../app-types.js";
import type { DomainHandlers } from "./domain.js";

export function documentsHandlers({ documents, uploads }: ServiceDeps): DomainHandlers<"documents"> {
  return {
    "documents.extract": async ({ name, uploadId }, { emit, signal }) =>
      // the extraction worker reads the uploaded file itself: its bytes never pass through this thread
      uploads.use(uploadId, "document", (file) =>
        documents.extract(name, { file }, signal, (progress) => emit({ kind: "progress", ...progress })),
      ),
    "documents.source": async ({ attachmentId, page }) => documents.source(attachmentId, page),
  };
}
