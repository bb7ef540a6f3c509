import { describe, expect, it } from "vitest";
import { en } from "./en";
import { zhCN } from "./zh-CN";

/** Every string of a message tree, with its key path. */
function strings(tree: object, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [[`${prefix}${key}`, value] as [string, string]] : strings(value, `${prefix}${key}.`),
  );
}

describe("the Chinese messages", () => {
  it("use full-width punctuation beside Chinese text (：，（）；？！)", () => {
    const halfWidth = strings(zhCN).filter(
      ([, text]) =>
        /[\u4e00-\u9fff]/.test(text) && /[:,;()?!]/.test(text.replace(/\{\{[^}]*\}\}|[a-z]+:\/\/[\w.:/-]+/g, "")), // placeholders, addresses
    );
    expect(halfWidth).toEqual([]);
  });

  it("have every key the English ones have, plural forms included", () => {
    const zhKeys = new Set(strings(zhCN).map(([key]) => key));
    expect(
      strings(en)
        .map(([key]) => key)
        .filter((key) => !zhKeys.has(key)),
    ).toEqual([]);
  });
});
