/**
 * Checks a model file before llama.cpp opens it: present, a GGUF, an architecture Inkstone runs,
 * and enough memory for the requested context. Each failure is a specific, user-facing message.
 */
import { open, readFile, stat } from "node:fs/promises";
import os from "node:os";
import { GgufInsights, type Llama, readGgufFileInfo } from "node-llama-cpp";
import { InkstoneError } from "../../shared/contract-kit.js";
import { GgufHeaderError } from "../models/gguf-header.js";
import { readSupportedModelHeader } from "../models/model-policy.js";

/** Memory the OS can give without swapping (MemAvailable on Linux, free memory elsewhere). */
async function availableMemory(): Promise<number> {
  // Lets tests exercise the out-of-memory message on a machine with plenty of memory.
  const simulated = Number(process.env.INKSTONE_SIMULATE_AVAILABLE_RAM);
  if (simulated > 0) return simulated;
  if (process.platform === "linux") {
    const meminfo = await readFile("/proc/meminfo", "utf8").catch(() => "");
    const kb = meminfo.match(/^MemAvailable:\s+(\d+) kB/m)?.[1];
    if (kb) return Number(kb) * 1024;
  }
  return os.freemem();
}

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GB`;

export async function preflightModel(llama: Llama, file: string, contextSize: number) {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile())
    throw new InkstoneError(
      "model_error",
      { en: `Model file not found: ${file}`, zh: `找不到模型文件：${file}` },
      { reason: "missing" },
    );
  const handle = await open(file, "r");
  const magic = Buffer.alloc(4);
  try {
    await handle.read(magic, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (magic.toString("latin1") !== "GGUF") {
    throw new InkstoneError(
      "model_error",
      { en: `Not a GGUF model file: ${file}`, zh: `不是 GGUF 模型文件：${file}` },
      { reason: "not_gguf" },
    );
  }
  // Inkstone's own bounded parser first (the same check as imports): llama.cpp aborts the whole
  // process on some malformed headers, so nothing unchecked reaches it.
  try {
    await readSupportedModelHeader(file);
  } catch (error) {
    if (!(error instanceof GgufHeaderError)) throw error;
    const architecture = error.message.startsWith("Unsupported model architecture");
    throw new InkstoneError(
      "model_error",
      {
        en: architecture ? error.message : `The GGUF header is damaged: ${error.message}`,
        zh: architecture
          ? (error.messageZh ?? `不支持这种模型架构：${error.message}`)
          : `GGUF 文件头已损坏：${error.messageZh ?? error.message}`,
      },
      { reason: architecture ? "architecture" : "corrupt" },
    );
  }
  let fileInfo: Awaited<ReturnType<typeof readGgufFileInfo>>;
  try {
    fileInfo = await readGgufFileInfo(file, { readTensorInfo: true });
  } catch (error) {
    throw new InkstoneError(
      "model_error",
      {
        en: `The GGUF header is damaged: ${(error as Error).message}`,
        zh: `GGUF 文件头已损坏：${(error as Error).message}`,
      },
      {
        reason: "corrupt",
      },
    );
  }
  const insights = await GgufInsights.from(fileInfo, llama);
  const trainContextSize = insights.trainContextSize ?? contextSize;
  const effectiveContext = Math.min(contextSize, trainContextSize);
  const gpuLayers = llama.gpu === false ? 0 : insights.totalLayers;
  const needs = insights.estimateModelResourceRequirements({ gpuLayers });
  const contextNeeds = insights.estimateContextResourceRequirements({
    contextSize: effectiveContext,
    modelGpuLayers: gpuLayers,
  });
  const ramNeeded = needs.cpuRam + contextNeeds.cpuRam;
  const ramAvailable = await availableMemory();
  if (ramNeeded > ramAvailable) {
    throw new InkstoneError(
      "model_error",
      {
        en: `Not enough memory: the model needs ${gib(ramNeeded)} of RAM at a ${effectiveContext}-token context, ${gib(ramAvailable)} is available.`,
        zh: `内存不足：在 ${effectiveContext} 个 token 的上下文下，模型需要 ${gib(ramNeeded)} 内存，而可用的只有 ${gib(ramAvailable)}。`,
      },
      { reason: "out_of_memory", needed: ramNeeded, available: ramAvailable },
    );
  }
  return {
    fileInfo,
    insights,
    trainContextSize,
    effectiveContext,
    name: String(fileInfo.metadata?.general?.name ?? ""),
  };
}
