/**
 * Creates the engine process's one `Llama`: CUDA → Vulkan → CPU for "auto" (Metal on Apple silicon),
 * remembering why each faster backend was skipped, and choosing threads from the math cores.
 */
import { getLlama, type Llama, LlamaLogLevel } from "node-llama-cpp";
import type { Backend, GpuReport } from "../../shared/engine-schemas.js";
import { explainBackendFailure, probeGpuEnvironment } from "./gpu-diagnosis.js";

export interface LlamaSetup {
  llama: Llama;
  report: GpuReport;
}

async function tryGetLlama(gpu: "cuda" | "vulkan" | "metal" | false): Promise<Llama> {
  return getLlama({ gpu, build: "never", logLevel: LlamaLogLevel.error, vramPadding: 0 });
}

/**
 * node-llama-cpp's default thread count (maxThreads) is every logical core, which oversubscribes
 * small machines; inference is bound by the math (physical) cores.
 */
export function defaultThreads(llama: Llama): number {
  return Math.max(1, llama.cpuMathCores);
}

export async function setUpLlama(backend: Backend, threads: number | null): Promise<LlamaSetup> {
  const skipped: GpuReport["skipped"] = [];
  let llama: Llama | null = null;
  if (backend === "cpu") {
    llama = await tryGetLlama(false);
  } else if (process.platform === "darwin" && process.arch === "arm64" && backend === "auto") {
    llama = await tryGetLlama("metal");
  } else {
    const order: ("cuda" | "vulkan")[] = backend === "auto" ? ["cuda", "vulkan"] : [backend as "cuda" | "vulkan"];
    const env = probeGpuEnvironment();
    for (const candidate of order) {
      try {
        llama = await tryGetLlama(candidate);
        break;
      } catch (error) {
        skipped.push({ backend: candidate, ...explainBackendFailure(candidate, env, error) });
      }
    }
    llama ??= await tryGetLlama(false);
  }
  const used = llama.gpu === false ? "cpu" : llama.gpu;
  let vram: GpuReport["vram"] = null;
  let devices: string[] = [];
  if (llama.gpu !== false) {
    const state = await llama.getVramState();
    vram = { total: state.total, free: state.free };
    devices = await llama.getGpuDeviceNames();
  }
  // INKSTONE_ENGINE_THREADS: for tests on a shared machine, where two spinning threads that wait on
  // each other cost the tiny test models ~0.5 s a token
  const fromEnv = Number(process.env.INKSTONE_ENGINE_THREADS);
  const chosenThreads = threads ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : defaultThreads(llama));
  llama.maxThreads = Math.max(llama.maxThreads, chosenThreads);
  return {
    llama,
    report: {
      backend: used,
      requested: backend,
      devices,
      vram,
      threads: chosenThreads,
      cpuMathCores: llama.cpuMathCores,
      skipped,
    },
  };
}
