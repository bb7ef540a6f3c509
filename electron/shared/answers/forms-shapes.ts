/**
 * Shape questions with stated dimensions: area, perimeter and volume of rectangles, squares, cubes, cuboids,
 * circles and triangles. Every number in the question must be a labelled dimension, or the form is not claimed.
 */

import type { Expectation } from "./expectation.js";
import { formatNumber } from "./values.js";

const N = String.raw`(\d+(?:\.\d+)?)`;
const UNIT = String.raw`\s*(?:cm|mm|km|m|in|inches|ft|feet|meters?|metres?|units?|厘米|毫米|分米|千米|米|dm)?`;
const IS = String.raw`(?:\s*(?:of|is|=|:|是|为|等于|长|长为|长是)\s*|\s+)?`;

type Shape = "circle" | "square" | "cube" | "cuboid" | "rectangle" | "triangle";
type Asked = "area" | "perimeter" | "volume" | "surface" | "hypotenuse";

const SHAPES: [Shape, RegExp][] = [
  ["cuboid", /rectangular (?:box|prism|solid|block)|cuboid|长方体/],
  ["cube", /\bcube\b|正方体|立方体/],
  ["circle", /\bcircle\b|\bcircular\b|圆(?![柱锥台])/],
  ["square", /\bsquare\b(?!\s*(?:root|cm|m|meters|units|feet|inches|centimet))|正方形/],
  ["rectangle", /\brectangle\b|\brectangular\b|长方形|矩形/],
  ["triangle", /\btriangle\b|三角形/],
];
const ASKED: [Asked, RegExp][] = [
  ["surface", /surface area|表面积/],
  ["area", /\barea\b|面积/],
  ["perimeter", /perimeter|circumference|周长/],
  ["volume", /volume|体积|容积/],
  ["hypotenuse", /hypotenuse|斜边/],
];

function labelled(text: string, label: string): number[] {
  return [...text.matchAll(new RegExp(`(?:${label})${IS}${N}${UNIT}`, "gi"))].map((m) => Number(m[1]));
}

const one = (values: number[]) => (values.length === 1 ? values[0]! : null);

export function recogniseShape(lower: string): Expectation | null {
  const shapes = SHAPES.filter(([, p]) => p.test(lower)).map(([s]) => s);
  // "rectangular box" names a cuboid, not a rectangle as well
  const shape = shapes.includes("cuboid") ? "cuboid" : shapes.length === 1 ? shapes[0]! : null;
  const asked = ASKED.filter(([, p]) => p.test(lower)).map(([a]) => a);
  const what = asked.includes("surface") ? "surface" : asked.length === 1 ? asked[0]! : null;
  if (!shape || !what) return null;
  // a changed shape ("if the length doubles", "扩大到原来的2倍") is another question than its stated dimensions
  if (/doubl|tripl|twice|half|halv|increas|decreas|\bnew\b|\bafter\b|\bif\b|倍|扩大|缩小|增加|减少|剪|拼/.test(lower))
    return null;
  const single = (value: number, work: string, consumed: number, alternatives: number[] = []): Expectation => ({
    kind: "single",
    alternatives: [[value], ...alternatives.map((v) => [v])],
    work: `${work} = ${formatNumber(value)}`,
    consumed,
  });
  // the approximations of π a student is told to use, on purpose not Math.PI
  // biome-ignore lint/suspicious/noApproximativeNumericConstant: a rounded π is the point here
  const piAlternatives = (f: (pi: number) => number) => [3.14, 22 / 7, 3.1416].map(f);
  switch (shape) {
    case "circle": {
      const r = one(labelled(lower, "radius|半径"));
      const d = one(labelled(lower, "diameter|直径"));
      const radius = r ?? (d === null ? null : d / 2);
      if (radius === null || (r !== null && d !== null)) return null;
      const shown = r !== null ? `${formatNumber(radius)}` : `(${formatNumber(d!)} / 2)`;
      if (what === "area")
        return single(
          Math.PI * radius ** 2,
          `π × ${shown}²`,
          1,
          piAlternatives((p) => p * radius ** 2),
        );
      if (what === "perimeter")
        return single(
          2 * Math.PI * radius,
          `2 × π × ${shown}`,
          1,
          piAlternatives((p) => 2 * p * radius),
        );
      return null;
    }
    case "square":
    case "cube": {
      const side = one(labelled(lower, "side(?: length)?|edge(?: length)?|sides|edges|边长|棱长"));
      if (side === null) return null;
      const s = formatNumber(side);
      if (shape === "square" && what === "area") return single(side ** 2, `${s}²`, 1);
      if (shape === "square" && what === "perimeter") return single(4 * side, `4 × ${s}`, 1);
      if (shape === "cube" && what === "volume") return single(side ** 3, `${s}³`, 1);
      if (shape === "cube" && what === "surface") return single(6 * side ** 2, `6 × ${s}²`, 1);
      return null;
    }
    case "rectangle":
    case "cuboid": {
      let length = one(labelled(lower, "length|long|(?<!周)长"));
      let width = one(labelled(lower, "width|wide|宽"));
      const height = one(labelled(lower, "height|high|tall|depth|(?<![底])高"));
      if (length === null && width === null) {
        const by = new RegExp(
          `${N}${UNIT}\\s*(?:by|x|\\*|×)\\s*${N}${UNIT}(?:\\s*(?:by|x|\\*|×)\\s*${N}${UNIT})?`,
        ).exec(lower);
        if (by) {
          length = Number(by[1]);
          width = Number(by[2]);
          if (by[3] !== undefined)
            return shape === "cuboid" && what === "volume" ? box(Number(by[1]), Number(by[2]), Number(by[3])) : null;
        }
      }
      if (length === null || width === null) return null;
      const [l, w] = [formatNumber(length), formatNumber(width)];
      if (shape === "rectangle") {
        if (what === "area") return single(length * width, `${l} × ${w}`, 2);
        if (what === "perimeter") return single(2 * (length + width), `2 × (${l} + ${w})`, 2);
        return null;
      }
      return height === null || what !== "volume" ? null : box(length, width, height);
    }
    case "triangle": {
      const legs = new RegExp(
        `(?:legs?|直角边)(?:\\s*(?:are|of|measure|分别|是|为|长|长为|分别是|分别为))*\\s*${N}${UNIT}\\s*(?:and|,|和|、|与)\\s*${N}`,
      ).exec(lower);
      if (legs && /right|直角/.test(lower)) {
        const [a, b] = [Number(legs[1]), Number(legs[2])];
        if (what === "area") return single((a * b) / 2, `${a} × ${b} / 2`, 2);
        if (what === "hypotenuse") return single(Math.hypot(a, b), `√(${a}² + ${b}²)`, 2);
        if (what === "perimeter") return single(a + b + Math.hypot(a, b), `${a} + ${b} + √(${a}² + ${b}²)`, 2);
        return null;
      }
      const base = one(labelled(lower, "base|底边|底"));
      const height = one(labelled(lower, "height|高"));
      if (base !== null && height !== null && what === "area")
        return single((base * height) / 2, `${base} × ${height} / 2`, 2);
      const sides = new RegExp(
        `(?:sides?(?: lengths?)?|三边(?:长)?|三条边(?:长)?)(?:\\s*(?:of|are|是|为|分别是|分别为|分别))*\\s*${N}${UNIT}\\s*(?:,|、)\\s*${N}${UNIT}\\s*(?:,|、)?\\s*(?:and|和|,|、)\\s*${N}`,
      ).exec(lower);
      if (sides) {
        const [a, b, c] = [Number(sides[1]), Number(sides[2]), Number(sides[3])];
        if (a + b <= c || a + c <= b || b + c <= a) return null;
        if (what === "perimeter") return single(a + b + c, `${a} + ${b} + ${c}`, 3);
        const s = (a + b + c) / 2;
        if (what === "area")
          return single(
            Math.sqrt(s * (s - a) * (s - b) * (s - c)),
            `√(s(s − ${a})(s − ${b})(s − ${c})), s = ${formatNumber(s)}`,
            3,
          );
      }
      return null;
    }
  }
  function box(l: number, w: number, h: number): Expectation {
    return single(l * w * h, `${l} × ${w} × ${h}`, 3);
  }
}
