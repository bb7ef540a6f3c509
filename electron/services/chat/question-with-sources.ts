/**
 * The question as the model will see it: with attached documents, the pages that fit the context
 * (whole documents when they fit), the passages retrieved from attached collections, and a request
 * to cite pages.
 */

import type { CollectionRequest } from "../../shared/collection-schemas.js";
import { InkstoneError } from "../../shared/contract-kit.js";
import type { AttachmentRef } from "../../shared/history-schemas.js";
import type { CollectionService } from "../collections/collection-service.js";
import type { AttachmentStore } from "../documents/attachment-store.js";
import { composePrompt } from "../documents/compose-prompt.js";
import type { AnsweringEngine } from "./answering-engine.js";

export interface QuestionSources {
  engine: AnsweringEngine;
  question: string;
  /** Attached documents, by attachment id. */
  ids: readonly string[];
  collections: readonly CollectionRequest[];
  store?: AttachmentStore;
  library?: Pick<CollectionService, "retrieve">;
}

export async function questionWithSources(sources: QuestionSources): Promise<{ text: string; used: AttachmentRef[] }> {
  const { engine, question, ids, collections, store, library } = sources;
  if ((ids.length === 0 || !store) && (collections.length === 0 || !library)) return { text: question, used: [] };
  const documents = await Promise.all(
    (store ? ids : []).map((id) =>
      store!.get(id).catch(() => {
        throw new InkstoneError("not_found", {
          en: "An attached document is no longer available; attach it again.",
          zh: "附加的文档已不可用；请重新附加。",
        });
      }),
    ),
  );
  const contextSize = (await engine.contextSize()) ?? 8192;
  const questionTokens = await engine.countTokens(question);
  // room for the documents: 60 % of the context, less the question; the rest is for the answer
  const budget = Math.max(256, Math.floor(contextSize * 0.6) - questionTokens);
  const count = (text: string) => engine.countTokens(text);
  // documents and collections share the room equally
  const share = Math.floor(budget / (documents.length + (library ? collections.length : 0)));
  const fromCollections = await Promise.all(
    (library ? collections : []).map((c) =>
      library!.retrieve(c.id, question, share, count, { pin: c.pin, exclude: c.exclude }).catch(() => {
        throw new InkstoneError("not_found", {
          en: "A collection attached to this conversation no longer exists.",
          zh: "附加到此对话的资料库已不存在。",
        });
      }),
    ),
  );
  const prompt = await composePrompt(question, documents, share * documents.length, count, fromCollections);
  const used: AttachmentRef[] = [
    ...prompt.used,
    ...fromCollections.map((c, i) => ({
      id: collections[i]!.id,
      name: c.name,
      kind: "collection",
      collection: { searched: c.searched, passages: c.passages },
    })),
  ];
  return { text: prompt.text, used };
}
