/** Loads and validates the model catalog at start; builds each source's download URL. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { summarizeZodError } from "../../shared/contract-kit.js";
import { type Catalog, type CatalogEntry, catalogSchema, type SourceId } from "../../shared/model-schemas.js";
import { packageRoot } from "../fs/paths.js";

export function defaultCatalogPath(): string {
  return process.env.INKSTONE_CATALOG ?? path.join(packageRoot(), "resources", "models.json");
}

export function loadCatalog(file = defaultCatalogPath()): Catalog {
  const parsed = catalogSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`The model catalog ${file} is invalid: ${summarizeZodError(parsed.error)}`);
  const ids = new Set<string>();
  for (const entry of parsed.data.models) {
    if (ids.has(entry.id)) throw new Error(`The model catalog lists ${entry.id} twice.`);
    ids.add(entry.id);
  }
  return parsed.data;
}

export function sourceUrl(catalog: Catalog, entry: CatalogEntry, source: SourceId, mirrorBase?: string): string {
  const template = catalog.sources[source].urlTemplate;
  const base = (mirrorBase ?? catalog.sources.mirror.defaultBase).replace(/\/+$/, "");
  return template
    .replace("{mirrorBase}", base)
    .replace("{repo}", entry.repo)
    .replace("{revision}", entry.revision)
    .replace("{file}", encodeURIComponent(entry.file));
}

/** RAM/VRAM a model needs at a context size: the weights, the f16 KV cache, and working buffers. */
export function estimateMemory(entry: Pick<CatalogEntry, "size" | "architecture">, contextSize: number): number {
  const a = entry.architecture;
  const kvCache = 2 * a.layers * a.kvHeads * a.headDim * 2 * contextSize;
  const compute = 300 * 1024 * 1024;
  return entry.size + kvCache + compute;
}
