/**
 * `npm run lint` runs this after Biome: fails (exit 1) on an import that crosses Inkstone's layers the wrong way
 * (docs/architecture.md) or on any import cycle among product files, naming each.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { importsOf, listSources } from "./layers/import-graph.js";
import { checkImports, findCycles, isProductFile, type Violation } from "./layers/layer-rules.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const files = listSources(root, ["electron", "renderer/src"]);
const violations: Violation[] = [];
const graph = new Map<string, string[]>();
for (const file of files) {
  const imports = importsOf(root, file);
  violations.push(...checkImports(file, imports));
  if (isProductFile(file))
    graph.set(
      file,
      imports.flatMap((t) => (t.kind === "file" && isProductFile(t.path) ? [t.path] : [])),
    );
}
const cycles = findCycles(graph);
for (const v of violations) console.error(`layers: ${v.file} imports ${v.target}: ${v.rule}`);
for (const cycle of cycles) console.error(`layers: import cycle: ${cycle.join(" → ")}`);
if (violations.length || cycles.length) {
  console.error(`layers: ${violations.length} layer violation(s), ${cycles.length} cycle(s); see docs/architecture.md`);
  process.exit(1);
}
console.log(`layers: ${files.length} files, no layer violations, no import cycles`);
