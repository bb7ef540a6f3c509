/**
 * Freezes the JavaScript built-ins of the sandbox host (Object, Function, Array, their prototypes and
 * every object reachable from them), so that code in an engine which gets hold of a host object
 * (Pyodide's `pyodide.ffi.to_js({}).constructor` is `Object`) cannot change how the host behaves:
 * no `Object.prototype.toJSON` to forge a report, nothing that outlives the run. Node's own
 * `--frozen-intrinsics` breaks Pyodide, hence this: each writable data property becomes a getter and
 * a setter that gives an object deriving from the built-in its own property, as plain assignment
 * would (JavaScript's "override mistake" would otherwise make such assignments throw).
 */

const { defineProperty, getOwnPropertyDescriptor, getPrototypeOf, preventExtensions } = Object;
const ownKeys = Reflect.ownKeys;

function roots(): unknown[] {
  const g = globalThis as unknown as Record<string, unknown>;
  const names = [
    "Object",
    "Function",
    "Array",
    "String",
    "Number",
    "Boolean",
    "Symbol",
    "BigInt",
    "Math",
    "JSON",
    "Reflect",
    "Promise",
    "Proxy",
    "Map",
    "Set",
    "WeakMap",
    "WeakSet",
    "WeakRef",
    "FinalizationRegistry",
    "RegExp",
    "Date",
    "Error",
    "TypeError",
    "RangeError",
    "SyntaxError",
    "ReferenceError",
    "EvalError",
    "URIError",
    "AggregateError",
    "ArrayBuffer",
    "SharedArrayBuffer",
    "DataView",
    "Atomics",
    "Int8Array",
    "Uint8Array",
    "Uint8ClampedArray",
    "Int16Array",
    "Uint16Array",
    "Int32Array",
    "Uint32Array",
    "Float32Array",
    "Float64Array",
    "BigInt64Array",
    "BigUint64Array",
    "WebAssembly",
    "Intl",
    "TextDecoder",
    "TextEncoder",
    "URL",
    "URLSearchParams",
  ];
  const generator = function* () {};
  const asyncGenerator = async function* () {};
  return [
    ...names.map((name) => g[name]),
    getPrototypeOf(generator),
    getPrototypeOf(async () => {}),
    getPrototypeOf(asyncGenerator),
    getPrototypeOf(generator()),
    getPrototypeOf(asyncGenerator()),
    getPrototypeOf([][Symbol.iterator]()),
    getPrototypeOf(new Map()[Symbol.iterator]()),
    getPrototypeOf(new Set()[Symbol.iterator]()),
    getPrototypeOf(""[Symbol.iterator]()),
    getPrototypeOf(/a/[Symbol.matchAll]("")),
  ];
}

/** Returns how many objects were frozen. Run once, after the engines have loaded. */
export function lockIntrinsics(): number {
  const seen = new Set<object>();
  const pending = roots();
  while (pending.length > 0) {
    const target = pending.pop();
    if ((typeof target !== "object" && typeof target !== "function") || target === null || seen.has(target)) continue;
    seen.add(target);
    pending.push(getPrototypeOf(target));
    for (const key of ownKeys(target)) {
      const descriptor = getOwnPropertyDescriptor(target, key)!;
      if (!("value" in descriptor)) {
        pending.push(descriptor.get, descriptor.set);
        defineProperty(target, key, { configurable: false });
        continue;
      }
      const value: unknown = descriptor.value;
      pending.push(value);
      // V8 reads Error.stackTraceLimit only as a data property, and Node sets it: it stays writable (harmless)
      if (key === "stackTraceLimit") {
        defineProperty(target, key, { configurable: false });
        continue;
      }
      if (!descriptor.writable || !descriptor.configurable) {
        defineProperty(target, key, { writable: false, configurable: false });
        continue;
      }
      defineProperty(target, key, {
        get: () => value,
        set(this: unknown, next: unknown) {
          if (this === target) {
            // Emscripten assigns the same signature string to Math functions at every start
            if (next === value) return;
            throw new TypeError(`Cannot assign to read only property '${String(key)}' of a built-in`);
          }
          defineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true });
        },
        enumerable: descriptor.enumerable ?? false,
        configurable: false,
      });
    }
    // frozen, except Error.stackTraceLimit above: no property can be added, removed or replaced
    preventExtensions(target);
  }
  return seen.size;
}

/** Whether the built-ins are locked (checked at start: a host without the lock refuses to run Python). */
export function intrinsicsLocked(): boolean {
  return Object.isFrozen(Object.prototype) && Object.isFrozen(Function.prototype) && Object.isFrozen(Array.prototype);
}
