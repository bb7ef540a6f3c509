/**
 * The servers Inkstone knows how to use as a remote engine, each with the one-line command that
 * serves this app's model (DeepSeek-R1-Distill-Qwen-1.5B) so that reasoning comes back apart from
 * the answer. Shown in Settings → Engines; docs/remote-engines.md explains them.
 */

export const enginePresetIds = ["llama-server", "vllm", "sglang", "ollama", "lmstudio", "other"] as const;
export type EnginePresetId = (typeof enginePresetIds)[number];

export interface EnginePreset {
  id: EnginePresetId;
  name: string;
  /** The address to start from (the host is the user's to change). */
  url: string;
  /** The model name the server answers to, as the command below serves it ("" when the server ignores it). */
  model: string;
  /** One line that serves the model on a GPU server (KEY: an API key the user makes up). */
  command: string;
}

export const enginePresets: readonly EnginePreset[] = [
  {
    id: "llama-server",
    name: "llama.cpp llama-server",
    url: "http://server:8080/v1",
    model: "",
    command:
      "llama-server -m DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf --host 0.0.0.0 --port 8080 -c 32768 -np 4 -ngl 99 --jinja --reasoning-format deepseek --api-key KEY",
  },
  {
    id: "vllm",
    name: "vLLM",
    url: "http://server:8000/v1",
    model: "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B",
    command:
      "vllm serve deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B --host 0.0.0.0 --port 8000 --max-model-len 16384 --reasoning-parser deepseek_r1 --tensor-parallel-size 1 --api-key KEY",
  },
  {
    id: "sglang",
    name: "SGLang",
    url: "http://server:30000/v1",
    model: "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B",
    command:
      "python -m sglang.launch_server --model-path deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B --host 0.0.0.0 --port 30000 --reasoning-parser deepseek-r1 --tp 1 --api-key KEY",
  },
  {
    id: "ollama",
    name: "Ollama",
    url: "http://server:11434/v1",
    model: "deepseek-r1:1.5b",
    command: "ollama pull deepseek-r1:1.5b && OLLAMA_HOST=0.0.0.0:11434 ollama serve",
  },
  {
    id: "lmstudio",
    name: "LM Studio",
    url: "http://server:1234/v1",
    model: "deepseek-r1-distill-qwen-1.5b",
    command: "lms load deepseek-r1-distill-qwen-1.5b && lms server start --port 1234",
  },
  {
    id: "other",
    name: "Other OpenAI-compatible server",
    url: "http://server:8000/v1",
    model: "",
    command: "",
  },
];

export function enginePreset(id: EnginePresetId): EnginePreset {
  return enginePresets.find((p) => p.id === id) ?? enginePresets.at(-1)!;
}
