/** Why a GPU backend could not be used, in words a user can act on. Plain file checks, no GPU calls. */
import { existsSync } from "node:fs";
import path from "node:path";
import type { BackendSkipCode } from "../../shared/engine-schemas.js";
import { runLocalTool } from "../network/guarded-start.js";

function linuxHasLibrary(name: string): boolean {
  try {
    return runLocalTool("ldconfig", ["-p"], { timeout: 2000 }).includes(name);
  } catch {
    return false;
  }
}

export interface GpuEnvironment {
  nvidiaDriver: boolean;
  cudaRuntime: boolean;
  vulkanLoader: boolean;
}

export function probeGpuEnvironment(platform = process.platform): GpuEnvironment {
  if (platform === "linux") {
    return {
      nvidiaDriver: existsSync("/proc/driver/nvidia/version") || linuxHasLibrary("libcuda.so"),
      cudaRuntime: linuxHasLibrary("libcudart.so") || linuxHasLibrary("libcublas.so"),
      vulkanLoader: linuxHasLibrary("libvulkan.so"),
    };
  }
  if (platform === "win32") {
    const system32 = path.join(process.env.WINDIR ?? "C:\\Windows", "System32");
    return {
      nvidiaDriver: existsSync(path.join(system32, "nvml.dll")) || existsSync(path.join(system32, "nvcuda.dll")),
      cudaRuntime: true, // node-llama-cpp's Windows CUDA build ships what it needs beside the driver
      vulkanLoader: existsSync(path.join(system32, "vulkan-1.dll")),
    };
  }
  return { nvidiaDriver: false, cudaRuntime: false, vulkanLoader: false };
}

export interface BackendFailure {
  code: BackendSkipCode;
  /** The same in English, for logs and the CLI. */
  reason: string;
  /** node-llama-cpp's own error, where the binary itself failed. */
  detail?: string;
}

/** A specific reason for a failed backend from the environment and the error node-llama-cpp gave. */
export function explainBackendFailure(
  backend: "cuda" | "vulkan",
  env: GpuEnvironment,
  error: unknown,
  platform = process.platform,
): BackendFailure {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (backend === "cuda") {
    if (platform === "darwin")
      return { code: "cuda_on_macos", reason: "CUDA does not exist on macOS (Metal is used instead)" };
    if (!env.nvidiaDriver) return { code: "no_nvidia_driver", reason: "no NVIDIA driver found" };
    if (!env.cudaRuntime)
      return { code: "no_cuda_runtime", reason: "NVIDIA driver found, but the CUDA runtime libraries are missing" };
    return { code: "cuda_load_failed", reason: `the CUDA binary failed to load (${detail})`, detail };
  }
  if (platform === "darwin")
    return { code: "vulkan_on_macos", reason: "Vulkan is not used on macOS (Metal is used instead)" };
  if (!env.vulkanLoader)
    return { code: "no_vulkan_loader", reason: "no Vulkan loader (libvulkan / vulkan-1.dll) found" };
  return { code: "vulkan_load_failed", reason: `the Vulkan binary failed to load (${detail})`, detail };
}
