/**
 * JavaScript evaluated in each new QuickJS context before the answer: the `assert` helpers and the
 * functions the host reads results through. Everything they use is captured here, before the
 * answer runs, and they are locked onto the global object (not writable, not configurable), so an
 * answer that replaces `JSON.stringify`, adds `Object.prototype.toJSON`, redefines
 * `Symbol.hasInstance` or puts setters on `Array.prototype` cannot change what they report.
 * Values are compared as plain data (null, undefined, booleans, numbers, bigints, strings, arrays
 * and plain objects, keys in sorted order), bounded in depth and size.
 */
export const PRELUDE = `
(() => {
  "use strict";
  const { getPrototypeOf, getOwnPropertyDescriptor, defineProperty, freeze } = Object;
  const hasOwn = Object.hasOwn;
  const { ownKeys, apply } = Reflect;
  const isArray = Array.isArray;
  const stringify = JSON.stringify;
  const toText = String;
  const ErrorClass = Error;
  const ArrayProto = Array.prototype;
  const ObjectProto = Object.prototype;
  const ErrorProto = Error.prototype;
  const SyntaxErrorProto = SyntaxError.prototype;
  const sort = ArrayProto.sort;
  const MAX_DEPTH = 100;
  const MAX_NODES = 100000;
  const MAX_CHARS = 1000000;

  const notPlain = (why) => new ErrorClass("not plain data: " + why);
  const append = (list, item) => defineProperty(list, list.length, { value: item, writable: true, enumerable: true, configurable: true });

  // loose (for printed output only): any object's own enumerable data properties, getters skipped
  const plain = (value, loose) => {
    let nodes = 0;
    const walk = (v, depth) => {
      if (++nodes > MAX_NODES) throw notPlain("too large to compare");
      if (depth > MAX_DEPTH) throw notPlain("nested deeper than " + MAX_DEPTH);
      switch (typeof v) {
        case "undefined": return "undefined";
        case "boolean": return v ? "true" : "false";
        case "string": return stringify(v);
        case "number": return v !== v ? "NaN" : v === 1 / 0 ? "Infinity" : v === -1 / 0 ? "-Infinity" : stringify(v);
        case "bigint": return toText(v) + "n";
        case "object": if (v === null) return "null"; break;
        default: throw notPlain("a " + typeof v);
      }
      const proto = getPrototypeOf(v);
      if (isArray(v) && (loose || proto === ArrayProto)) {
        const length = getOwnPropertyDescriptor(v, "length").value;
        let out = "[";
        for (let i = 0; i < length; i++) {
          const d = getOwnPropertyDescriptor(v, i);
          if (d !== undefined && !hasOwn(d, "value") && !loose) throw notPlain("an array with a getter");
          out += (i ? "," : "") + (d === undefined || !hasOwn(d, "value") ? "undefined" : walk(d.value, depth + 1));
          if (out.length > MAX_CHARS) throw notPlain("too large to compare");
        }
        return out + "]";
      }
      if (!loose && proto !== ObjectProto && proto !== null) throw notPlain("an object that is not a plain object or array");
      const keys = ownKeys(v);
      const names = [];
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        if (typeof key !== "string") continue;
        const d = getOwnPropertyDescriptor(v, key);
        if (!d.enumerable) continue;
        if (!hasOwn(d, "value")) {
          if (loose) continue;
          throw notPlain("an object with a getter");
        }
        append(names, key);
      }
      apply(sort, names, []);
      let out = "{";
      for (let i = 0; i < names.length; i++) {
        out += (i ? "," : "") + stringify(names[i]) + ":" + walk(getOwnPropertyDescriptor(v, names[i]).value, depth + 1);
        if (out.length > MAX_CHARS) throw notPlain("too large to compare");
      }
      return out + "}";
    };
    return walk(value, 0);
  };

  const show = (value) => { try { return plain(value); } catch { return "a value that is not plain data"; } };
  const fail = (message) => { throw new ErrorClass(message); };
  const same = (actual, expected) => {
    let a, b;
    try { a = plain(actual); b = plain(expected); } catch (error) { fail("cannot compare: " + error.message); }
    if (a !== b) fail("expected " + b + ", got " + a);
  };
  const assert = (value, message) => { if (!value) fail(message === undefined ? "assertion failed" : toText(message)); };
  assert.ok = assert;
  assert.equal = (actual, expected) => { if (actual !== expected) fail("expected " + show(expected) + ", got " + show(actual)); };
  assert.strictEqual = assert.equal;
  assert.deepEqual = same;
  assert.deepStrictEqual = same;
  freeze(assert);

  /** What a thrown value says, read with the built-ins captured above. */
  const thrown = (e) => {
    try {
      let p = (typeof e === "object" || typeof e === "function") && e !== null ? getPrototypeOf(e) : null;
      let syntax = false;
      for (let depth = 0; p !== null && depth < 100; depth++) {
        if (p === SyntaxErrorProto) syntax = true;
        if (p === ErrorProto) return (syntax ? "SyntaxError: " : "") + toText(e.message);
        p = getPrototypeOf(p);
      }
      return "threw " + toText(e);
    } catch {
      return "threw a value that cannot be shown";
    }
  };
  const text = (v) => {
    try { return typeof v === "object" && v !== null ? plain(v, true) : toText(v); } catch { return "[value]"; }
  };

  const lock = (name, value) => defineProperty(globalThis, name, { value, writable: false, configurable: false });
  lock("assert", assert);
  lock("__inkstonePlain", (value) => plain(value, false));
  lock("__inkstoneThrown", thrown);
  lock("__inkstoneText", text);
})();
`;

/** The same plain-data text as the prelude's, for expected values the host holds (JSON data). */
export function plainText(value: unknown, depth = 0): string {
  if (depth > 100) return "…";
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => plainText(v, depth + 1)).join(",")}]`;
  const record = value as Record<string, unknown>;
  const names = Object.keys(record).sort();
  return `{${names.map((k) => `${JSON.stringify(k)}:${plainText(record[k], depth + 1)}`).join(",")}}`;
}

/**
 * How a test line is judged: an `assert…(…)` call or a statement passes when it does not throw; any
 * other expression passes when it does not throw and is not false (JavaScript's truth, read by the engine).
 */
export function jsTestKind(line: string): "assert" | "stmt" | "expr" {
  const source = line.trim();
  const bare = withoutStrings(source);
  if (/^assert(\.\w+)?\s*\(/.test(bare) && /\)\s*;?$/.test(bare) && !/;\s*\S/.test(bare)) return "assert";
  if (/^(const|let|var|if|for|while|do|switch|try|throw|function|class)\b/.test(source)) return "stmt";
  return /;\s*\S/.test(bare) ? "stmt" : "expr";
}

function withoutStrings(source: string): string {
  return source.replace(/(["'`])(?:\\.|(?!\1)[^\\])*\1/g, '""');
}
