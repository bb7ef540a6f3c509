/** The uploads.* channels' handlers. */
import type { ServiceDeps } from "../app-types.js";
import { type DomainHandlers, ok } from "./domain.js";

export function uploadsHandlers({ uploads }: ServiceDeps): DomainHandlers<"uploads"> {
  return {
    "uploads.begin": async ({ purpose, size }) => uploads.begin(purpose, size),
    "uploads.append": async ({ uploadId, offset, dataBase64 }) => uploads.append(uploadId, offset, dataBase64),
    "uploads.discard": async ({ uploadId }) => {
      await uploads.discard(uploadId);
      return ok;
    },
  };
}
