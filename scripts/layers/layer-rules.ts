/**
 * Inkstone's layers (docs/architecture.md): which folder may import which, checked on the import graph.
 * Pure functions over a graph of project-relative paths, so the rules are tested apart from the file walk.
 */

export interface Layer {
  name: string;
  /** Folder prefix, project-relative with forward slashes. The longest matching prefix wins. */
  prefix: string;
  /** Layers this one may import (itself included when listed). */
  mayImport: readonly string[];
  /** npm packages this layer must never import. */
  forbiddenPackages?: readonly string[];
}

export const LAYERS: readonly Layer[] = [
  { name: "shared", prefix: "electron/shared/", mayImport: ["shared"], forbiddenPackages: ["electron"] },
  {
    name: "services",
    prefix: "electron/services/",
    mayImport: ["services", "shared"],
    forbiddenPackages: ["electron", "react"],
  },
  {
    name: "core",
    prefix: "electron/core/",
    mayImport: ["core", "services", "shared"],
    forbiddenPackages: ["electron"],
  },
  {
    name: "web",
    prefix: "electron/web/",
    mayImport: ["web", "core", "services", "shared"],
    forbiddenPackages: ["electron"],
  },
  { name: "main", prefix: "electron/main/", mayImport: ["main", "core", "services", "shared"] },
  { name: "preload", prefix: "electron/preload/", mayImport: ["preload", "shared"] },
  { name: "renderer", prefix: "renderer/", mayImport: ["renderer", "shared"], forbiddenPackages: ["electron"] },
];

/** Files whose imports are checked for cycles: the product, not its tests or tools. */
export function isProductFile(file: string): boolean {
  return (
    (file.startsWith("electron/") || file.startsWith("renderer/")) &&
    !/\.test\.tsx?$/.test(file) &&
    !file.includes("/test/") &&
    !file.includes("/test-fixtures/")
  );
}

export function layerOf(file: string): Layer | null {
  let best: Layer | null = null;
  for (const layer of LAYERS) {
    if (file.startsWith(layer.prefix) && (!best || layer.prefix.length > best.prefix.length)) best = layer;
  }
  return best;
}

/** One import of one file: a resolved project file, or an npm package name. */
export type ImportTarget = { kind: "file"; path: string } | { kind: "package"; name: string };

export interface Violation {
  file: string;
  target: string;
  rule: string;
}

/** Layer rules for one file's imports. Tests may import anything their layer's code may, plus test helpers. */
export function checkImports(file: string, imports: readonly ImportTarget[]): Violation[] {
  const layer = layerOf(file);
  if (!layer) return [];
  const out: Violation[] = [];
  for (const target of imports) {
    if (target.kind === "package") {
      if (layer.forbiddenPackages?.includes(target.name))
        out.push({ file, target: target.name, rule: `${layer.name} must not import the "${target.name}" package` });
      continue;
    }
    const to = layerOf(target.path);
    if (!to) {
      // scripts/, bench/ and e2e/ are tools: product code never depends on them (tests may)
      if (isProductFile(file))
        out.push({ file, target: target.path, rule: `${layer.name} must not import tools (${target.path})` });
      continue;
    }
    if (!layer.mayImport.includes(to.name))
      out.push({ file, target: target.path, rule: `${layer.name} must not import ${to.name}` });
  }
  return out;
}

/** Every import cycle among the given files (Tarjan's strongly connected components of two or more files). */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indices.get(next)!));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.includes(node)) cycles.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indices.has(node)) visit(node);
  return cycles;
}
