/** LaTeX (and the Unicode math people type: ×, ÷, √, π, ², −) rewritten as plain math for the evaluator. */
import { replaceCommand, toHalfWidth } from "./text.js";

const SUPERSCRIPTS: Record<string, string> = {
  "⁰": "0",
  "¹": "1",
  "²": "2",
  "³": "3",
  "⁴": "4",
  "⁵": "5",
  "⁶": "6",
  "⁷": "7",
  "⁸": "8",
  "⁹": "9",
};
const SUBSCRIPTS: Record<string, string> = {
  "₀": "0",
  "₁": "1",
  "₂": "2",
  "₃": "3",
  "₄": "4",
  "₅": "5",
  "₆": "6",
  "₇": "7",
  "₈": "8",
  "₉": "9",
};

/** Mixed numbers: `2\frac{1}{2}` and `2 1/2` are 2½ (only a whole number before a proper fraction of whole numbers). */
function mixedNumbers(text: string): string {
  return text
    .replace(/(^|[^\d.^/])(\d+)\s*\\[dt]?frac\s*\{(\d+)\}\s*\{(\d+)\}/g, (all, lead: string, whole, num, den) =>
      Number(num) < Number(den) ? `${lead}(${whole}+${num}/${den})` : all,
    )
    .replace(/(^|[^\d.^/*])(\d+) +(\d+)\/(\d+)(?![\d.])/g, (all, lead: string, whole, num, den) =>
      Number(num) < Number(den) ? `${lead}(${whole}+${num}/${den})` : all,
    );
}

/** Plain math from LaTeX-ish text; words and units are left in place for the caller to judge. */
export function latexToPlain(latex: string): string {
  let s = toHalfWidth(latex).replace(/\$|\\\(|\\\)|\\\[|\\\]/g, " ");
  s = s.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, (d) => `^${[...d].map((c) => SUPERSCRIPTS[c]).join("")}`);
  s = s.replace(/[₀₁₂₃₄₅₆₇₈₉]/g, (c) => `_${SUBSCRIPTS[c]}`);
  s = s.replace(/(\d)\\[,!](?=\d{3}(?!\d))/g, "$1"); // 1\,000\,000
  s = mixedNumbers(s);
  for (const cmd of ["\\text", "\\textbf", "\\mathrm", "\\mathbf", "\\operatorname", "\\textrm", "\\mbox"]) {
    s = replaceCommand(s, cmd, 1, (a) => ` ${a} `);
  }
  for (const frac of ["\\dfrac", "\\tfrac", "\\frac"]) s = replaceCommand(s, frac, 2, (a, b) => `((${a})/(${b}))`);
  s = s.replace(/\\sqrt\s*\[\s*3\s*\]/g, "\\cbrt");
  s = s.replace(/\\sqrt\s*\[([^\]]{1,20})\]\s*\{([^{}]*)\}/g, "(($2)^(1/($1)))");
  s = replaceCommand(s, "\\sqrt", 1, (a) => `sqrt(${a})`);
  s = replaceCommand(s, "\\cbrt", 1, (a) => `cbrt(${a})`);
  s = s.replace(/√\s*\(/g, "sqrt(").replace(/√\s*(\d+(?:\.\d+)?|[a-z])/g, "sqrt($1)");
  s = s.replace(/∛\s*(\d+(?:\.\d+)?)/g, "cbrt($1)");
  s = s
    .replace(/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|°|\\degree/g, " deg ")
    .replace(/\\left|\\right|\\,|\\;|\\:|\\!|\\quad|\\qquad|\\displaystyle|\\ /g, " ")
    .replace(/\\cdot|\\times|×|·|∙|⋅/g, "*")
    .replace(/\\div|÷/g, "/")
    .replace(/\\pi\b|π/g, " pi ")
    .replace(/\\pmod\s*\{([^{}]*)\}/g, " mod ($1)")
    .replace(/\\bmod|\\mod|\\operatorname\{mod\}/g, " mod ")
    .replace(/\\%/g, "%")
    .replace(/\\approx|≈/g, "=")
    .replace(/\\neq|\\ne\b|≠/g, " != ")
    .replace(/\\leq?|≤|\\geq?|≥/g, " <> ")
    .replace(/\^\s*\{([^{}]*)\}/g, "^($1)")
    .replace(/_\s*\{([^{}]*)\}/g, "_$1")
    .replace(/[{}]/g, (b) => (b === "{" ? "(" : ")"))
    .replace(/(\d)(?:,|\\!|\{,\})(\d{3})(?!\d)/g, "$1$2")
    .replace(/(\d)(?:,|\\!|\{,\})(\d{3})(?!\d)/g, "$1$2");
  return s.replace(/\s+/g, " ").trim();
}
