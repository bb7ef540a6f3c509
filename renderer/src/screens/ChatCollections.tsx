/** The chat screen's collection parts, connected to their stores: the attach menu, the usage line, citations. */
import type { ThreadMessage } from "../../../electron/shared/history-schemas";
import { CollectionSelect } from "../components/collections/CollectionSelect";
import { CollectionUsage } from "../components/collections/CollectionUsage";
import { useAttachmentsStore } from "../stores/attachments-store";
import { useCollectionsStore } from "../stores/collections-store";

export function ChatCollectionSelect() {
  const store = useCollectionsStore();
  return (
    <CollectionSelect
      collections={store.collections}
      value={store.attachedId}
      pinned={store.pin.length}
      excluded={store.exclude.length}
      onChange={store.attach}
    />
  );
}

/** The usage line under a question that went with a collection; the last question's offers pin / exclude. */
export function ChatCollectionUsage({ message, latest }: { message: ThreadMessage; latest: boolean }) {
  const store = useCollectionsStore();
  return message.attachments
    .filter((a) => a.kind === "collection" && a.collection)
    .map((a) => (
      <CollectionUsage
        key={a.id}
        usage={a.collection!}
        pinned={latest ? store.pin : []}
        excluded={latest ? store.exclude : []}
        onPin={latest ? store.togglePin : undefined}
        onExclude={latest ? store.toggleExclude : undefined}
      />
    ));
}

/** What a citation in the answer to `question` opens: a collection's passage, or an attached document's page. */
export function citeFor(question: ThreadMessage | undefined): ((page: number, file?: string) => void) | undefined {
  const refs = question?.attachments ?? [];
  if (refs.length === 0) return undefined;
  const collections = refs.filter((a) => a.kind === "collection");
  const documents = refs.filter((a) => a.kind !== "collection");
  return (page, file) => {
    if (collections.length > 0 && (file || documents.length === 0))
      void useCollectionsStore.getState().openCitation(collections, page, file);
    else void useAttachmentsStore.getState().openSource(documents, page);
  };
}
