/** Plain script text from an answer's JavaScript or TypeScript: types stripped, `export` keywords dropped. */
import { transform } from "sucrase";

export function toScript(code: string, language: "javascript" | "typescript"): string {
  const js = language === "typescript" ? transform(code, { transforms: ["typescript"] }).code : code;
  return js.replace(/^\s*export\s+(default\s+)?(?=(async\s+)?(function|class|const|let|var)\b)/gm, "");
}
