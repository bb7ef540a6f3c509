import { describe, expect, it } from "vitest";
import { importSpecifiers } from "./import-graph.js";
import { checkImports, findCycles } from "./layer-rules.js";

const file = (path: string) => ({ kind: "file" as const, path });
const pkg = (name: string) => ({ kind: "package" as const, name });

describe("layer rules", () => {
  it("lets the renderer import only electron/shared", () => {
    expect(
      checkImports("renderer/src/App.tsx", [file("electron/shared/contract/index.ts"), file("renderer/src/x.ts")]),
    ).toEqual([]);
    const [violation] = checkImports("renderer/src/components/eval/Charts.tsx", [
      file("electron/services/evaluate/results.ts"),
    ]);
    expect(violation?.rule).toBe("renderer must not import services");
  });

  it("refuses a service importing core, main or web, or the electron package", () => {
    const rules = checkImports("electron/services/evaluate/suites.ts", [
      file("electron/core/paths.ts"),
      file("electron/main/main.ts"),
      file("electron/web/web-server.ts"),
      pkg("electron"),
      file("electron/services/fs/atomic-file.ts"),
      pkg("zod"),
    ]).map((v) => v.rule);
    expect(rules).toEqual([
      "services must not import core",
      "services must not import main",
      "services must not import web",
      'services must not import the "electron" package',
    ]);
  });

  it("keeps the preload and shared code apart from the main process", () => {
    expect(checkImports("electron/preload/preload.ts", [file("electron/core/router.ts")])).toHaveLength(1);
    expect(
      checkImports("electron/shared/contract/index.ts", [file("electron/services/models/catalog.ts")]),
    ).toHaveLength(1);
    expect(checkImports("electron/main/main.ts", [file("electron/web/web-server.ts")])).toHaveLength(1);
  });

  it("refuses product code importing tools, but lets tests use them", () => {
    expect(
      checkImports("electron/services/engine/engine-client.ts", [file("scripts/gguf/model-cache.ts")]),
    ).toHaveLength(1);
    expect(
      checkImports("electron/services/engine/engine-client.test.ts", [file("scripts/gguf/model-cache.ts")]),
    ).toEqual([]);
  });

  it("finds every import cycle, type-only ones included", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", ["a.ts"]],
      ["e.ts", ["e.ts"]],
    ]);
    expect(findCycles(graph)).toEqual([["a.ts", "b.ts", "c.ts"], ["e.ts"]]);
    expect(
      findCycles(
        new Map([
          ["a.ts", ["b.ts"]],
          ["b.ts", []],
        ]),
      ),
    ).toEqual([]);
  });

  it("reads static, re-exported, side-effect and dynamic imports", () => {
    const source = [
      'import type { A } from "./a.js";',
      "import {\n  b,\n  c,\n} from '../b';",
      'export { d } from "./d.js";',
      'import "./style.css";',
      'const e = await import("./e.js");',
      "// a comment that says import from nowhere",
    ].join("\n");
    expect(importSpecifiers(source).sort()).toEqual(["../b", "./a.js", "./d.js", "./e.js", "./style.css"]);
  });
});
