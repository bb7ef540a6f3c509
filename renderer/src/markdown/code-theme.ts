/**
 * Code colours: highlight.js's GitHub themes, light and dark, each scoped to the app's theme
 * (`data-theme` on the document, see use-theme.ts) with CSS nesting, so the colours follow the
 * theme the user picked rather than only the system's. In a cascade layer, so the app's own rules (the
 * code block's background and padding, in app.css) win over the theme's. Injected once.
 */

import lightTheme from "highlight.js/styles/github.css?inline";
import darkTheme from "highlight.js/styles/github-dark.css?inline";

export const CODE_THEME_CSS = `@layer code-theme {\n:root[data-theme="dark"] {\n${darkTheme}\n}\n:root:not([data-theme="dark"]) {\n${lightTheme}\n}\n}\n`;

export function installCodeTheme(doc: Document | undefined = globalThis.document): void {
  if (!doc || doc.getElementById("inkstone-code-theme")) return;
  const style = doc.createElement("style");
  style.id = "inkstone-code-theme";
  style.textContent = CODE_THEME_CSS;
  doc.head.appendChild(style);
}

installCodeTheme();
