/**
 * Issue 17, item 10: `npm install` on the Node the README names prints no engine warning, so the
 * `engines` range must lie inside every installed dependency's own range.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
// semver comes with npm's own tree (no direct dependency for one test); typed to what is used here
const semver = require("semver") as { subset(sub: string, dom: string): boolean };
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe("the Node version Inkstone asks for", () => {
  it("satisfies every direct dependency's engines field", () => {
    const conflicts: string[] = [];
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
      const range = (
        JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as {
          engines?: { node?: string };
        }
      ).engines?.node;
      if (range && !semver.subset(pkg.engines.node, range)) conflicts.push(`${name} wants ${range}`);
    }
    expect(conflicts).toEqual([]);
  });

  it("is the one the README names", () => {
    const readme = readFileSync("README.md", "utf8");
    expect(readme).toContain(`"node": "${pkg.engines.node}"`);
  });
});
