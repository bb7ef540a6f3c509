/**
 * What a math question asks for, when the check can be certain of it: the forms it knows (equations in one
 * unknown, two linear equations, arithmetic, percentages, shapes, derivatives and integrals of polynomials,
 * "if …, what is …"), each giving the expected value(s) and the work in math notation. Anything else: null.
 */
import { evaluateNode, type Node, parseExpression, variablesOf } from "./evaluate.js";
import type { Expectation } from "./expectation.js";
import { recogniseShape } from "./forms-shapes.js";
import { coefficientsOf, definiteIntegral, derivativeAt, linearIn2, realRoots } from "./polynomial.js";
import { countNumbers, mathRuns, type Question, showMath } from "./question.js";
import { formatNumber } from "./values.js";

export type { Expectation };

const f = formatNumber;
const ASK =
  /what is|what's|what are|find|compute|calculate|evaluate|determine|work out|solve|value of|how much|how many|求|计算|算出|等于多少|是多少|的值|=\?/i;

function single(value: number, work: string, consumed: number): Expectation {
  return { kind: "single", alternatives: [[value]], work: `${work} = ${f(value)}`, consumed };
}

/** Percent changes: "80 dollars … discounted by 15%", "15% off", "increased by 20%", "打八五折". */
function recognisePercent(lower: string): Expectation | null {
  const percents = [...lower.matchAll(/(\d+(?:\.\d+)?)\s*%/g)];
  const zhe = /打\s*([一二三四五六七八九]|\d)\s*([一二三四五六七八九]|\d)?\s*折/.exec(lower);
  if (percents.length + (zhe ? 1 : 0) !== 1 || countNumbers(lower) !== (zhe ? 1 : 2)) return null;
  const digits: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const d = (c: string) => (/\d/.test(c) ? Number(c) : digits[c]!);
  const base = Number(lower.replace(/(\d+(?:\.\d+)?)\s*%/, " ").match(/\d+(?:\.\d+)?/)?.[0]);
  if (!Number.isFinite(base)) return null;
  let rate: number;
  let down: boolean;
  if (zhe) {
    rate = 100 - (zhe[2] ? d(zhe[1]!) * 10 + d(zhe[2]) : d(zhe[1]!) * 10);
    down = true;
  } else {
    rate = Number(percents[0]![1]);
    const after = lower.slice(percents[0]!.index!, percents[0]!.index! + 40);
    const before = lower.slice(Math.max(0, percents[0]!.index! - 40), percents[0]!.index!);
    const downWords = /discount|off\b|reduc|decreas|cheaper|sale|降价|打折|优惠|减少|降低|便宜|下降/;
    const upWords = /increas|rais|markup|mark-up|more expensive|grow|rise|涨价|提高|增加|上涨|增长/;
    const isDown = downWords.test(after) || downWords.test(before);
    const isUp = upWords.test(after) || upWords.test(before);
    if (isDown === isUp) return null;
    down = isDown;
  }
  const amountAsked =
    /\bsav|how much (?:is|was) (?:the )?(?:discount|off|increase)|discount amount|省了|便宜了多少|优惠了多少|降了多少|涨了多少|增加了多少/.test(
      lower,
    );
  const priceAsked = /price|cost|pay|sell|worth|\bnow\b|\bnew\b|final|售价|现价|价格|多少钱|多少元|卖|现在|后/.test(
    lower,
  );
  if (amountAsked === priceAsked) return null;
  const consumed = zhe ? 1 : 2;
  if (amountAsked) return single((base * rate) / 100, `${f(base)} × ${f(rate)}%`, consumed);
  const value = down ? base * (1 - rate / 100) : base * (1 + rate / 100);
  return single(value, `${f(base)} × (1 ${down ? "−" : "+"} ${f(rate)}%)`, consumed);
}

/** The polynomial after "d/dx", in "f(x) = …", or after "derivative of" / "integral of". */
function polynomialText(plain: string, after: RegExp): string | null {
  const defined = /\b[fgy]\s*(?:\(\s*x\s*\))?\s*=\s*([-+*/^().\dx\s]+)/.exec(plain);
  if (defined) return defined[1]!.replace(/[.\s]+$/, "").trim();
  const m = after.exec(plain);
  if (!m) return null;
  const rest = plain.slice(m.index + m[0].length).trimStart();
  if (rest.startsWith("(")) {
    let depth = 0;
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === "(") depth++;
      else if (rest[i] === ")" && --depth === 0) return rest.slice(0, i + 1);
    }
    return null;
  }
  return /^[-+*/^().\dx\s]+/.exec(rest)?.[0].trim() ?? null;
}

function recogniseCalculus(question: Question): Expectation | null {
  const { plain, lower } = question;
  const integral = /∫|\\int|integral|积分/.test(lower);
  const derivative =
    /derivative|d\s*\/\s*dx|\(\s*\(\s*d\s*\)\s*\/\s*\(\s*dx\s*\)\s*\)|导数|f'|f′|y'|differentiat|slope of the tangent|切线的斜率/.test(
      lower,
    );
  if (integral === derivative) return null;
  if (/second|third|higher|二阶|三阶|''|″|indefinite|不定积分/.test(lower)) return null;
  if (derivative) {
    const text = polynomialText(
      plain,
      /derivative of|d\s*\/\s*dx|\(\s*\(\s*d\s*\)\s*\/\s*\(\s*dx\s*\)\s*\)|differentiate/i,
    );
    const point =
      /\b[fy](?:'|′)\s*\(\s*(-?\d+(?:\.\d+)?)\s*\)/.exec(plain) ?? /\bx\s*=\s*(-?\d+(?:\.\d+)?)/.exec(plain);
    const node = text ? parseExpression(text) : null;
    if (!node || !point || !onlyVariable(node, "x")) return null;
    const c = coefficientsOf(node, "x");
    if (!c) return null;
    const a = Number(point[1]);
    return single(
      derivativeAt(c, a),
      `d/dx ${text!.startsWith("(") ? showMath(text!) : `(${showMath(text!)})`} at x = ${f(a)}`,
      countNumbers(text!) + 1,
    );
  }
  const bounds =
    /(?:∫|\\int)\s*_\s*\(?\s*(-?\d+(?:\.\d+)?)\s*\)?\s*\^\s*\(?\s*(-?\d+(?:\.\d+)?)\s*\)?/.exec(plain) ??
    /from\s+(-?\d+(?:\.\d+)?)\s+to\s+(-?\d+(?:\.\d+)?)/i.exec(plain) ??
    /从\s*(-?\d+(?:\.\d+)?)\s*到\s*(-?\d+(?:\.\d+)?)/.exec(plain);
  if (!bounds) return null;
  const afterBounds = plain.slice(bounds.index + bounds[0].length);
  const body =
    /^\s*([-+*/^().\dx\s]+?)\s*(?:d\s*x|\bdx\b)/.exec(afterBounds)?.[1] ??
    polynomialText(plain, /integral of/i) ??
    null;
  const node = body ? parseExpression(body) : null;
  if (!node || !onlyVariable(node, "x")) return null;
  const c = coefficientsOf(node, "x");
  if (!c) return null;
  const [a, b] = [Number(bounds[1]), Number(bounds[2])];
  return single(definiteIntegral(c, a, b), `∫[${f(a)}, ${f(b)}] (${showMath(body!)}) dx`, countNumbers(body!) + 2);
}

function onlyVariable(node: Node, name: string): boolean {
  const vars = variablesOf(node);
  return vars.size === 1 && vars.has(name);
}

interface Classified {
  givens: Record<string, number>;
  givenRuns: string[];
  equations: { text: string; node: Node; unknowns: string[] }[];
  targets: { text: string; node: Node }[];
}

function classify(runs: string[]): Classified | null {
  const out: Classified = { givens: {}, givenRuns: [], equations: [], targets: [] };
  for (const run of runs) {
    if (/[<>!]/.test(run)) return null;
    const sides = run.split("=");
    if (sides.length > 2) return null;
    if (sides.length === 2 && sides[1] === "?") {
      const node = parseExpression(sides[0]!);
      if (!node) return null;
      out.targets.push({ text: sides[0]!.trim(), node });
      continue;
    }
    if (sides.length === 2) {
      const [left, right] = sides.map((s) => s.trim()) as [string, string];
      const l = parseExpression(left);
      const r = parseExpression(right);
      if (!l || !r) return null;
      if (/^[a-zA-Z]$/.test(left) && variablesOf(r).size === 0) {
        out.givens[left] = evaluateNode(r);
        out.givenRuns.push(run);
        continue;
      }
      const node: Node = { t: "bin", op: "-", a: l, b: r };
      out.equations.push({ text: `${left} = ${right}`, node, unknowns: [...variablesOf(node)] });
      continue;
    }
    const node = parseExpression(run);
    if (!node) return null;
    // a bare number ("x > 0" leaves "0") is not something asked for; the number guard then declines the form
    if (node.t === "num") continue;
    out.targets.push({ text: run, node });
  }
  return out;
}

const QUALIFIERS: [RegExp, (roots: number[]) => number[]][] = [
  [/positive|正(?:根|数|解)|大于\s*0|> ?0/, (r) => r.filter((x) => x > 0)],
  [/negative|负(?:根|数|解)|小于\s*0|< ?0/, (r) => r.filter((x) => x < 0)],
  [/larger|greater|bigger|biggest|largest|较大|最大/, (r) => [Math.max(...r)]],
  [/smaller|lesser|smallest|least|较小|最小/, (r) => [Math.min(...r)]],
  [/integer|whole number|整数/, (r) => r.filter((x) => Number.isInteger(x))],
];

function recogniseEquations(question: Question, c: Classified): Expectation | null {
  const { lower } = question;
  const scope = c.givens;
  const unknownsOf = (node: Node) => [...variablesOf(node)].filter((v) => !(v in scope));
  const sumAsked =
    /sum of (?:the |its |all )?(?:two )?(?:roots|solutions|zeros)|两根之和|两个?根的和|根之和|解的和|两根的和/.test(
      lower,
    );
  const productAsked =
    /product of (?:the |its |all )?(?:two )?(?:roots|solutions|zeros)|两根之积|两个?根的积|根之积|解的积|两根的积/.test(
      lower,
    );
  const targets = c.targets.filter((t) => !/^[a-z]$/.test(t.text) || c.equations.length > 0);
  if (c.equations.length === 1) {
    const eq = c.equations[0]!;
    const unknowns = eq.unknowns.filter((v) => !(v in scope));
    if (unknowns.length !== 1) return null;
    const v = unknowns[0]!;
    const coefficients = coefficientsOf(eq.node, v, scope);
    if (!coefficients) return null;
    const all = realRoots(coefficients);
    if (!all) return null;
    let roots = all;
    for (const [pattern, pick] of QUALIFIERS) if (pattern.test(lower)) roots = pick(roots);
    if (roots.length === 0) return null;
    const solved = `${showMath(eq.text)} ⇒ ${v} = ${roots.map(f).join(", ")}`;
    const consumed = countNumbers(eq.text) + c.givenRuns.reduce((n, g) => n + countNumbers(g), 0);
    if (sumAsked || productAsked) {
      if (sumAsked === productAsked || all.length !== 2 || targets.length > 0) return null;
      const value = sumAsked ? all[0]! + all[1]! : all[0]! * all[1]!;
      return {
        kind: "single",
        alternatives: [[value]],
        work: `${solved} ⇒ ${v}₁ ${sumAsked ? "+" : "×"} ${v}₂ = ${f(value)}`,
        consumed,
      };
    }
    const expressions = targets.filter((t) => t.text.replace(/\s/g, "") !== v);
    if (expressions.length > 1) return null;
    if (expressions.length === 1) {
      const target = expressions[0]!;
      if (unknownsOf(target.node).some((u) => u !== v) || !ASK.test(lower)) return null;
      const values = roots.map((r) => evaluateNode(target.node, { ...scope, [v]: r }));
      if (!values.every(Number.isFinite)) return null;
      const distinct = [...new Set(values.map((x) => f(x)))].map(Number);
      return {
        kind: distinct.length === 1 ? "single" : "set",
        alternatives: [distinct.length === 1 ? [values[0]!] : values],
        work: `${solved} ⇒ ${showMath(target.text)} = ${distinct.map(f).join(", ")}`,
        consumed: consumed + countNumbers(target.text),
      };
    }
    const asksUnknown =
      targets.length === 1 ||
      new RegExp(
        `solve|root|solution|zeros|find ${v}\\b|value of ${v}\\b|what is ${v}\\b|for ${v}\\b|解|求\\s*${v}|${v}\\s*(?:的值|等于多少|是多少)`,
      ).test(lower);
    if (!asksUnknown) return null;
    return { kind: roots.length === 1 ? "single" : "set", alternatives: [roots], work: solved, consumed, unknown: v };
  }
  if (c.equations.length === 2) {
    const names = [...new Set(c.equations.flatMap((e) => e.unknowns))].filter((v) => !(v in scope)).sort();
    if (names.length !== 2) return null;
    const [x, y] = names as [string, string];
    const rows = c.equations.map((e) => linearIn2(e.node, x, y, scope));
    if (rows.some((r) => r === null)) return null;
    const [[a1, b1, k1], [a2, b2, k2]] = rows as [[number, number, number], [number, number, number]];
    const det = a1! * b2! - a2! * b1!;
    if (Math.abs(det) < 1e-12) return null;
    const xv = (-k1! * b2! + k2! * b1!) / det;
    const yv = (-a1! * k2! + a2! * k1!) / det;
    const solved = `${c.equations.map((e) => showMath(e.text)).join(", ")} ⇒ ${x} = ${f(xv)}, ${y} = ${f(yv)}`;
    const consumed = c.equations.reduce((n, e) => n + countNumbers(e.text), 0);
    const expressions = targets.filter((t) => !/^[a-z]$/.test(t.text.trim()));
    if (expressions.length > 1) return null;
    if (expressions.length === 1) {
      const target = expressions[0]!;
      const value = evaluateNode(target.node, { ...scope, [x]: xv, [y]: yv });
      if (!Number.isFinite(value) || !ASK.test(lower)) return null;
      return {
        kind: "single",
        alternatives: [[value]],
        work: `${solved} ⇒ ${showMath(target.text)} = ${f(value)}`,
        consumed: consumed + countNumbers(target.text),
      };
    }
    const asked = targets.map((t) => t.text.trim());
    if (asked.length === 1)
      return { kind: "single", alternatives: [[asked[0] === x ? xv : yv]], work: solved, consumed, unknown: asked[0]! };
    if (!/solve|find|求|解/.test(lower)) return null;
    return { kind: "set", alternatives: [[xv, yv]], work: solved, consumed, names: [x, y] };
  }
  return null;
}

function recogniseExpression(question: Question, c: Classified): Expectation | null {
  if (c.equations.length > 0 || c.targets.length !== 1) return null;
  const target = c.targets[0]!;
  if (!/[-+*/^%]|sqrt|cbrt|mod/.test(target.text)) return null;
  const vars = [...variablesOf(target.node)];
  if (vars.some((v) => !(v in c.givens))) return null;
  if (!ASK.test(question.lower) && !/=\?/.test(question.plain)) return null;
  const value = evaluateNode(target.node, c.givens);
  if (!Number.isFinite(value)) return null;
  const givens = c.givenRuns.map(showMath).join(", ");
  const consumed = countNumbers(target.text) + c.givenRuns.reduce((n, g) => n + countNumbers(g), 0);
  return single(value, `${givens ? `${givens} ⇒ ` : ""}${showMath(target.text)}`, consumed);
}

/** The expectation for a question, or null when it is not one of the forms the check can be certain about. */
export function recognise(question: Question): Expectation | null {
  const total = countNumbers(question.plain);
  const claim = (e: Expectation | null) => (e && e.consumed === total ? e : null);
  const calculus = recogniseCalculus(question);
  if (calculus || /∫|\\int|integral|积分|derivative|导数/.test(question.lower)) return claim(calculus);
  const shape = recogniseShape(question.lower);
  if (shape) return claim(shape);
  if (/%|百分之|打\s*\S{1,2}\s*折/.test(question.plain) && !/%\s*\*/.test(question.plain))
    return claim(recognisePercent(question.lower));
  // inequalities, other bases and number representations are questions the value alone does not answer
  if (
    /[<>≤≥]|binary|hexadecimal|octal|\bbase\s*\d|二进制|八进制|十六进制|scientific notation|科学记数/.test(
      question.lower,
    )
  ) {
    return null;
  }
  const classified = classify(mathRuns(question.plain));
  if (!classified) return null;
  return claim(recogniseEquations(question, classified) ?? recogniseExpression(question, classified));
}
