/**
 * Python test lines judged outside the interpreter: which lines are `EXPR == LITERAL`, what the
 * literal is, Python's `==` on plain data, and the marshal bytes a value comes back as.
 */
import { describe, expect, it } from "vitest";
import { classifyPyTest, parsePyLiteral } from "./py-tests.js";
import { decodeMarshal, matchesJson, type PyValue, pyEquals, pyRepr } from "./py-value.js";

const lit = (text: string) => {
  const value = parsePyLiteral(text);
  if (!value) throw new Error(`not a literal: ${text}`);
  return value;
};

/** marshal.dumps(value, 2) as Python writes it, for the few shapes used here. */
function marshal(value: unknown): number[] {
  const int32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];
  if (value === null) return [0x4e];
  if (typeof value === "boolean") return [value ? 0x54 : 0x46];
  if (typeof value === "number") return [0x69, ...int32(value)];
  if (typeof value === "string") {
    const bytes = [...new TextEncoder().encode(value)];
    return [0x75, ...int32(bytes.length), ...bytes];
  }
  if (Array.isArray(value)) return [0x5b, ...int32(value.length), ...value.flatMap(marshal)];
  throw new Error("unsupported");
}

describe("Python test lines and values, judged in the host", () => {
  it("splits EXPR == LITERAL (either side, or under assert) and leaves other lines whole", () => {
    expect(classifyPyTest("two_sum([2, 7, 11, 15], 9) == [0, 1]")).toEqual({
      kind: "value",
      source: "two_sum([2, 7, 11, 15], 9)",
      expected: { t: "list", v: [lit("0"), lit("1")] },
    });
    expect(classifyPyTest("[0, 1] == f('a == b')")).toMatchObject({ kind: "value", source: "f('a == b')" });
    expect(classifyPyTest("assert f(1) == {'a': (1,)}")).toMatchObject({ kind: "value", source: "f(1)" });
    expect(classifyPyTest("f(1) == g(2)").kind).toBe("expr");
    expect(classifyPyTest("f(1) == 1 == 1").kind).toBe("expr");
    expect(classifyPyTest("f(1) == 1 or True").kind).toBe("expr");
    expect(classifyPyTest("1 if f() else 2").kind).toBe("expr");
    expect(classifyPyTest("assert f(1) == [1], 'message'").kind).toBe("stmt");
    expect(classifyPyTest("x = f(1); assert x").kind).toBe("stmt");
    expect(classifyPyTest("total += 1").kind).toBe("stmt");
  });

  it("parses Python literals and refuses anything that is not one", () => {
    expect(lit("-0x1F")).toEqual({ t: "int", v: -31n });
    expect(lit("1_000.5e1")).toEqual({ t: "float", v: 10005 });
    expect(lit("(1,)")).toEqual({ t: "tuple", v: [lit("1")] });
    expect(lit("(1)")).toEqual(lit("1"));
    expect(lit("'a\\n' \"b\" r'\\d'")).toEqual({ t: "str", v: "a\nb\\d" });
    expect(lit("{1, 2}").t).toBe("set");
    expect(lit("{}").t).toBe("dict");
    for (const text of ["f(1)", "b'x'", "1j", "[1, 2", "None.x", "x", "1 + 1", "f'{x}'"]) {
      expect(parsePyLiteral(text), text).toBeNull();
    }
  });

  it("compares as Python's == does", () => {
    const eq = (a: string, b: string) => pyEquals(lit(a), lit(b));
    expect(eq("[1, 2.0, True]", "[1.0, 2, 1]")).toBe(true);
    expect(eq("(0, 1)", "[0, 1]")).toBe(false);
    expect(eq("{'a': 1, 'b': [2]}", "{'b': [2], 'a': 1.0}")).toBe(true);
    expect(eq("{1: 'x'}", "{1.0: 'x'}")).toBe(true);
    expect(eq("{1, 2}", "{2, 1}")).toBe(true);
    expect(eq("9007199254740993", "9007199254740992.0")).toBe(false);
    expect(eq("'1'", "1")).toBe(false);
    expect(eq("None", "0")).toBe(false);
    expect(matchesJson(lit("(0, 1)"), [0, 1])).toBe(true);
    expect(matchesJson(lit("{1: True}"), { "1": true })).toBe(true);
    expect(matchesJson(lit("1"), true)).toBe(false);
    expect(pyRepr(lit("[1.0, 'a', None, (2,)]"))).toBe("[1.0, 'a', None, (2,)]");
  });

  it("reads marshal bytes, and refuses what is not plain data or is nested too deep", () => {
    const list: PyValue = decodeMarshal(Uint8Array.from(marshal([0, "é", [true, null]])));
    expect(pyEquals(list, lit("[0, 'é', [True, None]]"))).toBe(true);
    // 2**30 as a long: three 15-bit digits, least significant first
    const long = Uint8Array.from([0x6c, 3, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    expect(decodeMarshal(long)).toEqual({ t: "int", v: 2n ** 30n });
    expect(() => decodeMarshal(Uint8Array.from([0x63, 0, 0, 0, 0]))).toThrow(/not plain data/);
    let deep: unknown = [];
    for (let i = 0; i < 150; i++) deep = [deep];
    expect(() => decodeMarshal(Uint8Array.from(marshal(deep)))).toThrow(/nested deeper than 100/);
    expect(() => decodeMarshal(Uint8Array.from([0x5b, 2, 0, 0, 0, 0x4e]))).toThrow(/cut short/);
  });
});
