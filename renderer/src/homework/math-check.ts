/**
 * Math mode's re-check: the final `\boxed{}` answer, and, where the question holds an equation in
 * one unknown or an arithmetic expression, that answer put back in and evaluated with mathjs.
 */

import { boxedContents } from "../../../electron/shared/answers/text";

export type MathCheckStatus = "match" | "mismatch" | "unchecked";

export interface MathCheck {
  status: MathCheckStatus;
  /** The boxed answer as written (LaTeX), or null when the answer has none. */
  answer: string | null;
  /** How it was checked: put into an equation of the question, or compared with an expression's value. */
  how: null | {
    kind: "equation" | "expression";
    /** The equation or expression as found in the question, e.g. "3x + 5 = 20" or "17 × 23". */
    shown: string;
    /** The unknown the answer was put in for (equations). */
    variable: string | null;
    /** The answer's value. */
    value: string;
    /** The expression's value, or the equation's two sides with the answer put in. */
    computed: string;
    right: string | null;
  };
}

const show = (expression: string) => expression.replace(/\s*\*\s*/g, " × ").replace(/\s*\/\s*/g, " / ");

/** Replaces `\cmd{a}{b}` with `render(a, b)`, innermost braces balanced. */
function replaceCommand(text: string, command: string, args: number, render: (...a: string[]) => string): string {
  let out = text;
  for (let at = out.indexOf(command); at >= 0; at = out.indexOf(command)) {
    let i = at + command.length;
    const values: string[] = [];
    for (let n = 0; n < args; n++) {
      while (out[i] === " ") i++;
      if (out[i] !== "{") return out;
      let depth = 0;
      const open = i;
      for (; i < out.length; i++) {
        if (out[i] === "{") depth++;
        else if (out[i] === "}" && --depth === 0) break;
      }
      values.push(out.slice(open + 1, i));
      i++;
    }
    out = out.slice(0, at) + render(...values) + out.slice(i);
  }
  return out;
}

/** LaTeX-ish math (and ×, ÷, ·, −) as a mathjs expression. */
export function latexToExpression(latex: string): string {
  let s = latex.replace(/\$|\\\(|\\\)|\\\[|\\\]/g, " ");
  s = replaceCommand(s, "\\text", 1, () => " ");
  s = replaceCommand(s, "\\mathrm", 1, () => " ");
  for (const frac of ["\\dfrac", "\\tfrac", "\\frac"]) s = replaceCommand(s, frac, 2, (a, b) => `((${a})/(${b}))`);
  s = replaceCommand(s, "\\sqrt", 1, (a) => `sqrt(${a})`);
  s = s
    .replace(/\\left|\\right|\\,|\\;|\\!|\\quad|\\displaystyle/g, " ")
    .replace(/\\cdot|\\times|×|·|∙/g, "*")
    .replace(/\\div|÷/g, "/")
    .replace(/−|–/g, "-")
    .replace(/\\pi|π/g, "pi")
    .replace(/\^\{([^{}]*)\}/g, "^($1)")
    .replace(/[{}]/g, (b) => (b === "{" ? "(" : ")"))
    .replace(/(\d),(\d{3})\b/g, "$1$2")
    .replace(/[²]/g, "^2")
    .replace(/[³]/g, "^3");
  return s.replace(/\s+/g, " ").trim();
}

type MathJs = typeof import("mathjs");
let mathjs: Promise<MathJs> | null = null;
const loadMathJs = () => {
  mathjs ??= import("mathjs");
  return mathjs;
};

const KNOWN = new Set(["pi", "e", "sqrt"]);

function numberOf(math: MathJs, expression: string, scope: Record<string, number> = {}): number | null {
  try {
    const value = math.evaluate(expression, { ...scope });
    const n = typeof value === "number" ? value : math.isFraction(value) ? math.number(value) : Number.NaN;
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

function variablesOf(math: MathJs, expression: string): string[] | null {
  try {
    const names = new Set<string>();
    math.parse(expression).traverse((node, _path, parent) => {
      if (math.isSymbolNode(node) && !(math.isFunctionNode(parent) && parent.fn === node)) names.add(node.name);
    });
    const unknown = [...names].filter((n) => !KNOWN.has(n));
    return unknown.every((n) => /^[a-zA-Z]$/.test(n)) ? unknown : null;
  } catch {
    return null;
  }
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

/** Runs of the question that read as math: numbers, one-letter variables, operators, brackets, `=`. */
function mathRuns(question: string): string[] {
  const tokens = latexToExpression(question).match(/\d+(?:\.\d+)?|[a-zA-Z]+|[+\-*/^=()]|\s+|[\s\S]/g) ?? [];
  const runs: string[] = [];
  let run = "";
  for (const token of tokens) {
    const isMath = /^(\d|[+\-*/^=()]|\s)/.test(token) || /^[a-zA-Z]$/.test(token) || KNOWN.has(token);
    if (isMath) run += token;
    else {
      runs.push(run);
      run = "";
    }
  }
  runs.push(run);
  return runs
    .map((r) =>
      r
        .trim()
        .replace(/^[+*/^=)]+|[+\-*/^=(]+$/g, "")
        .trim(),
    )
    .filter((r) => /\d/.test(r) && /[+\-*/^=]/.test(r));
}

export async function checkMath(question: string, answerText: string): Promise<MathCheck> {
  const answer = boxedContents(answerText).at(-1) ?? null;
  const unchecked: MathCheck = { status: "unchecked", answer, how: null };
  if (answer === null) return unchecked;
  const math = await loadMathJs();
  const boxed = latexToExpression(answer);
  const value = numberOf(math, boxed.includes("=") ? boxed.slice(boxed.lastIndexOf("=") + 1) : boxed);
  if (value === null) return unchecked;

  const scope: Record<string, number> = {};
  const equations: [string, string, string][] = [];
  const expressions: string[] = [];
  for (const run of mathRuns(question)) {
    const sides = run.split("=");
    if (sides.length > 2) continue;
    if (sides.length === 1) {
      if (variablesOf(math, run) !== null) expressions.push(run);
      continue;
    }
    const [left, right] = sides.map((side) => side.trim()) as [string, string];
    const given = /^[a-zA-Z]$/.test(left) ? numberOf(math, right) : null;
    if (given !== null) {
      scope[left] = given; // "if x = 4": a given, not something to solve
      continue;
    }
    const unknowns = [...new Set([...(variablesOf(math, left) ?? ["?"]), ...(variablesOf(math, right) ?? ["?"])])];
    if (unknowns.length === 1 && unknowns[0] !== "?") equations.push([left, right, unknowns[0]!]);
  }

  for (const [left, right, name] of equations) {
    if (name in scope) continue;
    const withAnswer = { ...scope, [name]: value };
    const l = numberOf(math, left, withAnswer);
    const r = numberOf(math, right, withAnswer);
    if (l === null || r === null) continue;
    return {
      status: close(l, r) ? "match" : "mismatch",
      answer,
      how: {
        kind: "equation",
        shown: show(`${left} = ${right}`),
        variable: name,
        value: math.format(value, { precision: 10 }),
        computed: math.format(l, { precision: 10 }),
        right: math.format(r, { precision: 10 }),
      },
    };
  }
  for (const expression of expressions.reverse()) {
    const vars = variablesOf(math, expression) ?? [];
    if (!vars.every((v) => v in scope)) continue;
    const expected = numberOf(math, expression, scope);
    if (expected === null) continue;
    return {
      status: close(expected, value) ? "match" : "mismatch",
      answer,
      how: {
        kind: "expression",
        shown: show(expression),
        variable: null,
        value: math.format(value, { precision: 10 }),
        computed: math.format(expected, { precision: 10 }),
        right: null,
      },
    };
  }
  return unchecked;
}
