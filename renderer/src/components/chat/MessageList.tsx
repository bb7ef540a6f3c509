/**
 * The conversation, virtualized (only visible messages are in the DOM), following the stream while
 * the reader is at the bottom and staying put when they scroll up, with a "jump to latest" button.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { type ReactNode, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

export interface MessageListProps {
  count: number;
  renderItem(index: number): ReactNode;
  itemKey(index: number): string;
  /** Changes whenever the last message grows, to keep following the stream. */
  followKey: unknown;
  /** An item to scroll to (centred), e.g. a search hit. */
  focusIndex?: number | null;
}

const NEAR_BOTTOM_PX = 48;

export function MessageList({ count, renderItem, itemKey, followKey, focusIndex }: MessageListProps) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [atBottom, setAtBottom] = useState(true);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 160,
    overscan: 4,
    getItemKey: itemKey,
  });
  const scrollToEnd = useCallback(() => {
    const element = scrollRef.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, []);
  const focusing = focusIndex !== undefined && focusIndex !== null && focusIndex >= 0;
  // Whether to keep the end in view, read by the resize observer below without re-subscribing.
  const following = useRef(true);
  following.current = atBottom && !focusing;
  // followKey and count change as the stream grows: each change re-runs this to keep following.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the extra dependencies are the trigger
  useLayoutEffect(() => {
    if (following.current) scrollToEnd();
  }, [followKey, count, atBottom, scrollToEnd, focusing]);
  // The list also grows with no new text: messages measured after they mount (opening a conversation
  // shows its latest message), the checked final answer, code tests or the "Stopped" mark appearing
  // when an answer ends. While following, each growth keeps the end in view.
  const contentRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const content = contentRef.current;
    if (!content || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (following.current) scrollToEnd();
    });
    observer.observe(content);
    for (const child of Array.from(content.children)) observer.observe(child);
    const children = new MutationObserver((records) => {
      for (const record of records)
        for (const node of Array.from(record.addedNodes)) if (node instanceof Element) observer.observe(node);
    });
    children.observe(content, { childList: true });
    return () => {
      observer.disconnect();
      children.disconnect();
    };
  }, [scrollToEnd]);
  useEffect(() => {
    if (!focusing) return;
    setAtBottom(false);
    virtualizer.scrollToIndex(focusIndex, { align: "center" });
  }, [focusing, focusIndex, virtualizer]);
  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const onScroll = () =>
      setAtBottom(element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX);
    element.addEventListener("scroll", onScroll, { passive: true });
    return () => element.removeEventListener("scroll", onScroll);
  }, []);
  return (
    <div className="message-list" ref={scrollRef} data-testid="message-list">
      <div ref={contentRef} style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div
            key={item.key}
            data-index={item.index}
            ref={virtualizer.measureElement}
            style={{ position: "absolute", top: 0, left: 0, width: "100%", transform: `translateY(${item.start}px)` }}
          >
            {renderItem(item.index)}
          </div>
        ))}
      </div>
      {!atBottom && (
        <button
          type="button"
          className="jump-to-latest"
          onClick={() => {
            setAtBottom(true);
            scrollToEnd();
          }}
        >
          {t("chat.jumpToLatest")}
        </button>
      )}
    </div>
  );
}
