/**
 * Python values as plain data, outside the interpreter: decoded from `marshal.dumps(value, 2)` (which
 * writes exact built-in types only and runs no code of the answer's), compared with Python's `==`
 * rules, and shown as Python would. The verdicts of `CALL == LITERAL` tests are decided here, in the
 * host, so an answer cannot fake them from inside the interpreter (see docs/sandbox.md).
 */

export type PyValue =
  | { t: "none" }
  | { t: "bool"; v: boolean }
  | { t: "int"; v: bigint }
  | { t: "float"; v: number }
  | { t: "str"; v: string }
  | { t: "list" | "tuple" | "set" | "frozenset"; v: PyValue[] }
  | { t: "dict"; v: [PyValue, PyValue][] };

/** Deeper than this is not plain data (a value nested on itself never ends). */
export const MAX_DEPTH = 100;
/** Values with more parts than this are not compared. */
export const MAX_NODES = 100_000;

export class NotPlainData extends Error {}

/** Reads what `marshal.dumps(value, 2)` wrote; throws NotPlainData for anything but plain data. */
export function decodeMarshal(bytes: Uint8Array): PyValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf8 = new TextDecoder("utf-8", { fatal: false });
  let at = 0;
  let nodes = 0;
  const need = (n: number) => {
    if (at + n > bytes.length) throw new NotPlainData("the value's encoding is cut short");
  };
  const int32 = () => {
    need(4);
    const v = view.getInt32(at, true);
    at += 4;
    return v;
  };
  const count = () => {
    const n = int32();
    if (n < 0 || n > MAX_NODES) throw new NotPlainData("the value is too large to compare");
    return n;
  };
  const read = (depth: number): PyValue | null => {
    if (depth > MAX_DEPTH) throw new NotPlainData(`the value is nested deeper than ${MAX_DEPTH}`);
    if (++nodes > MAX_NODES) throw new NotPlainData("the value is too large to compare");
    need(1);
    const code = String.fromCharCode(bytes[at++]!);
    switch (code) {
      case "0":
        return null; // the end of a dict
      case "N":
        return { t: "none" };
      case "T":
        return { t: "bool", v: true };
      case "F":
        return { t: "bool", v: false };
      case "i":
        return { t: "int", v: BigInt(int32()) };
      case "l": {
        const n = int32();
        const digits = Math.abs(n);
        if (digits > MAX_NODES) throw new NotPlainData("the value is too large to compare");
        need(digits * 2);
        let v = 0n;
        for (let i = digits - 1; i >= 0; i--) v = (v << 15n) | BigInt(view.getUint16(at + i * 2, true));
        at += digits * 2;
        return { t: "int", v: n < 0 ? -v : v };
      }
      case "g": {
        need(8);
        const v = view.getFloat64(at, true);
        at += 8;
        return { t: "float", v };
      }
      case "u": {
        const n = count();
        need(n);
        const v = utf8.decode(bytes.subarray(at, at + n));
        at += n;
        return { t: "str", v };
      }
      case "[":
      case "(":
      case "<":
      case ">": {
        const n = count();
        const items: PyValue[] = [];
        for (let i = 0; i < n; i++) items.push(present(read(depth + 1)));
        const t = code === "[" ? "list" : code === "(" ? "tuple" : code === "<" ? "set" : "frozenset";
        return { t, v: items };
      }
      case "{": {
        const pairs: [PyValue, PyValue][] = [];
        for (;;) {
          const key = read(depth + 1);
          if (key === null) return { t: "dict", v: pairs };
          pairs.push([key, present(read(depth + 1))]);
        }
      }
      default:
        throw new NotPlainData("the value holds something that is not plain data");
    }
  };
  const present = (v: PyValue | null): PyValue => {
    if (v === null) throw new NotPlainData("the value's encoding is malformed");
    return v;
  };
  const value = present(read(0));
  if (at !== bytes.length) throw new NotPlainData("the value's encoding is malformed");
  return value;
}

export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex)) throw new NotPlainData("the value's encoding is malformed");
  return Uint8Array.from({ length: hex.length / 2 }, (_, i) => Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

type Num = { kind: "int"; v: bigint } | { kind: "float"; v: number };

function numberOf(value: PyValue): Num | null {
  if (value.t === "bool") return { kind: "int", v: value.v ? 1n : 0n };
  if (value.t === "int") return { kind: "int", v: value.v };
  if (value.t === "float") return { kind: "float", v: value.v };
  return null;
}

/** Python compares an int with a float exactly (no rounding of the int). */
function sameNumber(a: Num, b: Num): boolean {
  if (a.kind === "int" && b.kind === "int") return a.v === b.v;
  if (a.kind === "float" && b.kind === "float") return a.v === b.v;
  const [i, f] = a.kind === "int" ? [a.v, (b as { v: number }).v] : [(b as { v: bigint }).v, a.v as number];
  return Number.isInteger(f) && BigInt(f) === i;
}

/** A hashable value's identity as a dict key or set element: 1, 1.0 and True are one key in Python. */
function keyOf(value: PyValue): string {
  const n = numberOf(value);
  if (n) return n.kind === "int" || Number.isInteger(n.v) ? `n${n.kind === "int" ? n.v : BigInt(n.v)}` : `f${n.v}`;
  switch (value.t) {
    case "none":
      return "N";
    case "str":
      return `s${JSON.stringify(value.v)}`;
    case "tuple":
      return `(${value.v.map(keyOf).join(",")})`;
    case "frozenset":
      return `{${value.v.map(keyOf).sort().join(",")}}`;
    default:
      return `?${value.t}`; // unhashable: cannot be a key
  }
}

/** Python's `a == b` for plain data. */
export function pyEquals(a: PyValue, b: PyValue): boolean {
  const na = numberOf(a);
  const nb = numberOf(b);
  if (na || nb) return na !== null && nb !== null && sameNumber(na, nb);
  if (a.t === "none" || b.t === "none") return a.t === b.t;
  if (a.t === "str" || b.t === "str") return a.t === "str" && b.t === "str" && a.v === b.v;
  const setLike = (v: PyValue) => v.t === "set" || v.t === "frozenset";
  if (setLike(a) || setLike(b)) {
    if (!setLike(a) || !setLike(b)) return false;
    const left = new Set((a.v as PyValue[]).map(keyOf));
    const right = new Set((b.v as PyValue[]).map(keyOf));
    return left.size === right.size && [...left].every((k) => right.has(k));
  }
  if (a.t === "dict" || b.t === "dict") {
    if (a.t !== "dict" || b.t !== "dict") return false;
    // a literal may repeat a key: the last one wins, as in Python
    const left = new Map(a.v.map(([k, v]) => [keyOf(k), v]));
    const right = new Map(b.v.map(([k, v]) => [keyOf(k), v]));
    if (left.size !== right.size) return false;
    return [...left].every(([k, v]) => {
      const other = right.get(k);
      return other !== undefined && pyEquals(v, other);
    });
  }
  if (a.t !== b.t) return false; // a list never equals a tuple
  const xs = a.v as PyValue[];
  const ys = b.v as PyValue[];
  return xs.length === ys.length && xs.every((x, i) => pyEquals(x, ys[i]!));
}

/** The value as Python's repr shows it (floats in JavaScript's shortest form, which is Python's too). */
export function pyRepr(value: PyValue, limit = 300): string {
  const text = reprOf(value);
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

function reprOf(value: PyValue): string {
  switch (value.t) {
    case "none":
      return "None";
    case "bool":
      return value.v ? "True" : "False";
    case "int":
      return String(value.v);
    case "float": {
      if (Number.isNaN(value.v)) return "nan";
      if (!Number.isFinite(value.v)) return value.v > 0 ? "inf" : "-inf";
      const s = Object.is(value.v, -0) ? "-0.0" : String(value.v);
      return /[.e]/.test(s) ? s.replace(/e\+?/, "e+").replace("e+-", "e-") : `${s}.0`;
    }
    case "str":
      return `'${value.v.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
    case "list":
      return `[${value.v.map(reprOf).join(", ")}]`;
    case "tuple":
      return value.v.length === 1 ? `(${reprOf(value.v[0]!)},)` : `(${value.v.map(reprOf).join(", ")})`;
    case "set":
      return value.v.length === 0 ? "set()" : `{${value.v.map(reprOf).join(", ")}}`;
    case "frozenset":
      return `frozenset({${value.v.map(reprOf).join(", ")}})`;
    case "dict":
      return `{${value.v.map(([k, v]) => `${reprOf(k)}: ${reprOf(v)}`).join(", ")}}`;
  }
}

/**
 * The Evaluate screen's expected values are JSON: a Python value matches one when `json.dumps` of it
 * would give the same data (lists and tuples are arrays; dict keys become strings as json.dumps makes them).
 */
export function matchesJson(value: PyValue, expected: unknown): boolean {
  if (expected === null) return value.t === "none";
  if (typeof expected === "boolean") return value.t === "bool" && value.v === expected;
  if (typeof expected === "number") {
    const n = value.t === "bool" ? null : numberOf(value);
    return n !== null && sameNumber(n, { kind: "float", v: expected });
  }
  if (typeof expected === "string") return value.t === "str" && value.v === expected;
  if (Array.isArray(expected)) {
    if (value.t !== "list" && value.t !== "tuple") return false;
    return value.v.length === expected.length && value.v.every((v, i) => matchesJson(v, expected[i]));
  }
  if (typeof expected === "object") {
    if (value.t !== "dict") return false;
    const entries = Object.entries(expected as Record<string, unknown>);
    if (entries.length !== value.v.length) return false;
    const byKey = new Map<string, PyValue>();
    for (const [k, v] of value.v) {
      const key = jsonKey(k);
      if (key === null) return false;
      byKey.set(key, v);
    }
    return entries.every(([k, v]) => byKey.has(k) && matchesJson(byKey.get(k)!, v));
  }
  return false;
}

/** The value as json.dumps writes it, where it can (messages about JSON expectations); else its repr. */
export function pyJsonText(value: PyValue, limit = 300): string {
  const text = jsonTextOf(value);
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

function jsonTextOf(value: PyValue): string {
  switch (value.t) {
    case "none":
      return "null";
    case "bool":
      return value.v ? "true" : "false";
    case "str":
      return JSON.stringify(value.v);
    case "float":
      return Number.isNaN(value.v)
        ? "NaN"
        : Number.isFinite(value.v)
          ? reprOf(value)
          : value.v > 0
            ? "Infinity"
            : "-Infinity";
    case "list":
    case "tuple":
      return `[${value.v.map(jsonTextOf).join(", ")}]`;
    case "dict":
      return `{${value.v.map(([k, v]) => `${JSON.stringify(jsonKey(k) ?? reprOf(k))}: ${jsonTextOf(v)}`).join(", ")}}`;
    default:
      return reprOf(value);
  }
}

function jsonKey(key: PyValue): string | null {
  switch (key.t) {
    case "str":
      return key.v;
    case "int":
      return String(key.v);
    case "bool":
      return key.v ? "true" : "false";
    case "none":
      return "null";
    case "float":
      return reprOf(key)
        .replace(/^inf$/, "Infinity")
        .replace(/^-inf$/, "-Infinity")
        .replace(/^nan$/, "NaN");
    default:
      return null;
  }
}
