/**
 * Generated models live in `.cache/models/` (gitignored), named by kind, quant, seed and a hash of
 * the generator's sources, so a file is reused until the generator or the arguments change.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildFullShapeModel } from "./full-shape-model.js";
import { type Quant, writeQwen2Model } from "./qwen2-model.js";
import { type BuiltModel, buildRandomModel, buildScriptedModel } from "./tiny-models.js";

export type ModelKind = "scripted" | "endless" | "ruminating" | "random" | "full";
export interface ModelRequest {
  kind: ModelKind;
  quant?: Quant;
  seed?: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, "..", "..").replace(`${path.sep}dist${path.sep}node`, "");
export const MODEL_CACHE_DIR = process.env.INKSTONE_MODEL_CACHE ?? path.join(projectRoot, ".cache", "models");

let versionHash: string | undefined;
/** A hash of the generator's own source files: changing the generator invalidates the cache. */
export function generatorVersion(): string {
  if (versionHash) return versionHash;
  const hash = createHash("sha256");
  const sourceDir = path.join(projectRoot, "scripts", "gguf");
  for (const name of readdirSync(sourceDir).sort()) {
    if (name.endsWith(".ts") && !name.endsWith(".test.ts"))
      hash.update(name).update(readFileSync(path.join(sourceDir, name)));
  }
  versionHash = hash.digest("hex").slice(0, 10);
  return versionHash;
}

export function defaultQuant(kind: ModelKind): Quant {
  return kind === "full" ? "q4_k_m" : "f32";
}

export function buildModel({
  kind,
  quant = defaultQuant(kind),
  seed = 1,
}: ModelRequest): BuiltModel & { quant: Quant } {
  const built =
    kind === "full"
      ? buildFullShapeModel(quant, seed)
      : kind === "random"
        ? buildRandomModel(quant, seed)
        : buildScriptedModel(kind, quant);
  return { ...built, quant };
}

export function writeModel(request: ModelRequest, file: string): { bytes: number; tensors: number } {
  const model = buildModel(request);
  return writeQwen2Model(model, file);
}

export function cachedModelPath({ kind, quant = defaultQuant(kind), seed = 1 }: ModelRequest): string {
  return path.join(MODEL_CACHE_DIR, `inkstone-${kind}-${quant}-s${seed}-${generatorVersion()}.gguf`);
}

/** The cached file for this request, generating it first when absent. */
export function ensureModel(request: ModelRequest): string {
  const file = cachedModelPath(request);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    // files an older generator wrote for the same request are stale: remove them
    const stem = path.basename(file).replace(/-[0-9a-f]+\.gguf$/, "-");
    for (const name of readdirSync(path.dirname(file))) {
      if (name.startsWith(stem) && name.endsWith(".gguf")) rmSync(path.join(path.dirname(file), name), { force: true });
    }
    writeModel(request, file);
  }
  return file;
}
