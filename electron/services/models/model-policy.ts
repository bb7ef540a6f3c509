/**
 * Which models Inkstone runs: policy, apart from the GGUF format (gguf-header.ts). A header that parses is
 * still refused here when llama.cpp would run an architecture Inkstone has not been checked with.
 */
import { type GgufHeader, GgufHeaderError, readGgufHeader } from "./gguf-header.js";

export const ALLOWED_ARCHITECTURES = ["qwen2", "qwen3", "llama", "mistral", "gemma2", "gemma3", "phi3"] as const;

/** Throws a GgufHeaderError, with the supported list, for an architecture Inkstone does not run. */
export function checkSupportedArchitecture(architecture: string): void {
  if (!(ALLOWED_ARCHITECTURES as readonly string[]).includes(architecture)) {
    throw new GgufHeaderError({
      en: `Unsupported model architecture "${architecture}" (Inkstone runs ${ALLOWED_ARCHITECTURES.join(", ")}).`,
      zh: `不支持的模型架构“${architecture}”（Inkstone 能运行的是 ${ALLOWED_ARCHITECTURES.join("、")}）。`,
    });
  }
}

/** The header of a model file Inkstone may open: well-formed and of a supported architecture. */
export function readSupportedModelHeader(file: string): Promise<GgufHeader> {
  return readGgufHeader(file, { checkArchitecture: checkSupportedArchitecture });
}
