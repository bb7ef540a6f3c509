/**
 * `npm run make-model -- --kind scripted|endless|ruminating|random|full --quant f32|f16|q8_0|q4_k_m [--seed N] [--out FILE]`
 * Writes a generated GGUF (to FILE, or into the cache) and prints its path and size.
 */
import { statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { cachedModelPath, ensureModel, type ModelKind, writeModel } from "./gguf/model-cache.js";
import type { Quant } from "./gguf/qwen2-model.js";

const { values } = parseArgs({
  options: {
    kind: { type: "string", default: "scripted" },
    quant: { type: "string" },
    seed: { type: "string", default: "1" },
    out: { type: "string" },
  },
});
const kinds = ["scripted", "endless", "ruminating", "random", "full"];
const quants = ["f32", "f16", "q8_0", "q4_k_m"];
if (!kinds.includes(values.kind!)) {
  console.error(`--kind must be one of ${kinds.join(", ")}`);
  process.exit(2);
}
if (values.quant && !quants.includes(values.quant)) {
  console.error(`--quant must be one of ${quants.join(", ")}`);
  process.exit(2);
}
const request = { kind: values.kind as ModelKind, quant: values.quant as Quant | undefined, seed: Number(values.seed) };
const started = performance.now();
try {
  let file: string;
  if (values.out) {
    file = path.resolve(values.out);
    writeModel(request, file);
  } else {
    file = ensureModel(request);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${file}\n${statSync(file).size.toLocaleString("en")} bytes, ${seconds} s`);
} catch (error) {
  console.error(`make-model: ${(error as Error).message}`);
  console.error(`(the cache path would be ${cachedModelPath(request)})`);
  process.exit(1);
}
