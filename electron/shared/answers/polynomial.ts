/** Polynomials recovered from parsed expressions by sampling: their coefficients, real roots, derivative and integral. */
import { evaluateNode, type Node, type Scope } from "./evaluate.js";

const MAX_DEGREE = 6;

function solveLinearSystem(matrix: number[][], rhs: number[]): number[] | null {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c <= n; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

const tidy = (c: number) => (Math.abs(c - Math.round(c)) < 1e-7 ? Math.round(c) : c);

/**
 * The coefficients [c0, c1, …] of `node` as a polynomial in `variable` (other variables from scope), or null when
 * it is not a polynomial of degree ≤ 6 there (checked at points the fit did not use).
 */
export function coefficientsOf(node: Node, variable: string, scope: Scope = {}): number[] | null {
  const at = (x: number) => evaluateNode(node, { ...scope, [variable]: x });
  const xs = Array.from({ length: MAX_DEGREE + 1 }, (_, i) => i - 3);
  const ys = xs.map(at);
  if (!ys.every(Number.isFinite)) return null;
  const fitted = solveLinearSystem(
    xs.map((x) => xs.map((_, p) => x ** p)),
    ys,
  );
  if (!fitted) return null;
  const coefficients = fitted.map(tidy);
  const value = (x: number) => coefficients.reduce((sum, c, p) => sum + c * x ** p, 0);
  for (const x of [0.5, -1.7, 2.3, 4.1]) {
    const expected = at(x);
    if (!Number.isFinite(expected) || Math.abs(value(x) - expected) > 1e-6 * Math.max(1, Math.abs(expected)))
      return null;
  }
  while (coefficients.length > 1 && Math.abs(coefficients.at(-1)!) < 1e-9) coefficients.pop();
  return coefficients;
}

/** Real roots of a polynomial of degree 1 or 2 (ascending, a double root once); null for other degrees or none. */
export function realRoots(c: number[]): number[] | null {
  if (c.length === 2) return [tidy(-c[0]! / c[1]!)];
  if (c.length !== 3) return null;
  const [c0, b, a] = c as [number, number, number];
  const d = b * b - 4 * a * c0;
  if (d < -1e-12) return null;
  if (Math.abs(d) <= 1e-12) return [tidy(-b / (2 * a))];
  const r = Math.sqrt(d);
  return [(-b - r) / (2 * a), (-b + r) / (2 * a)].map(tidy).sort((x, y) => x - y);
}

export function derivativeAt(c: number[], x: number): number {
  return tidy(c.reduce((sum, ci, p) => (p === 0 ? sum : sum + p * ci * x ** (p - 1)), 0));
}

export function definiteIntegral(c: number[], from: number, to: number): number {
  const antiderivative = (x: number) => c.reduce((sum, ci, p) => sum + (ci * x ** (p + 1)) / (p + 1), 0);
  return antiderivative(to) - antiderivative(from);
}

/** a·x + b·y + k for an expression linear in two variables, or null. */
export function linearIn2(node: Node, x: string, y: string, scope: Scope = {}): [number, number, number] | null {
  const at = (u: number, v: number) => evaluateNode(node, { ...scope, [x]: u, [y]: v });
  const k = at(0, 0);
  const a = at(1, 0) - k;
  const b = at(0, 1) - k;
  for (const [u, v] of [
    [2, 3],
    [-1.5, 0.5],
    [3, -2],
  ] as const) {
    const value = at(u, v);
    if (!Number.isFinite(value) || Math.abs(a * u + b * v + k - value) > 1e-6 * Math.max(1, Math.abs(value)))
      return null;
  }
  return [tidy(a), tidy(b), tidy(k)];
}
