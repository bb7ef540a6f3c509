import { useEffect } from "react";

export interface Shortcuts {
  newChat(): void;
  search(): void;
  copyLastAnswer(): void;
}

/** Ctrl/Cmd+N new chat, Ctrl/Cmd+K search, Ctrl/Cmd+Shift+C copy the last answer. */
export function useShortcuts(shortcuts: Shortcuts): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === "n" && !e.shiftKey) {
        e.preventDefault();
        shortcuts.newChat();
      } else if (key === "k" && !e.shiftKey) {
        e.preventDefault();
        shortcuts.search();
      } else if (key === "c" && e.shiftKey) {
        e.preventDefault();
        shortcuts.copyLastAnswer();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [shortcuts]);
}
