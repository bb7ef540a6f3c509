import { useEffect } from "react";
import type { Settings } from "../../electron/shared/contract/index";

/** Applies the chosen theme (or the system's) as `data-theme` on the document. */
export function useTheme(theme: Settings["theme"]): void {
  useEffect(() => {
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const apply = () => {
      const resolved = theme === "system" ? (media.matches ? "dark" : "light") : theme;
      document.documentElement.dataset.theme = resolved;
    };
    apply();
    media.addEventListener("change", apply);
    return () => media.removeEventListener("change", apply);
  }, [theme]);
}
