import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

describe("KaTeX", () => {
  it("styles with the CSS of the same KaTeX version that rehype-katex renders with (\\boxed draws its box)", () => {
    const require = createRequire(import.meta.url);
    const css = require("katex/package.json") as { version: string };
    const rehypeKatex = createRequire(require.resolve("rehype-katex"));
    expect((rehypeKatex("katex/package.json") as { version: string }).version).toBe(css.version);
  });
});
