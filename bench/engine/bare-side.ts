/** bench:engine's bare node-llama-cpp side: LlamaChat in this process, the same sampling, threads and backend. */
import { getLlama, LlamaChat, type LlamaContextSequence, LlamaLogLevel, type LlamaModel } from "node-llama-cpp";
import { toChatHistory } from "../../electron/services/engine/chat-history.js";
import { figures, type RunFigures, SAMPLING, WARMUP_PROMPT } from "./sampling.js";

export interface BareSide {
  backend: string;
  model: LlamaModel;
  run(prompt: string, genTokens: number): Promise<RunFigures>;
  dispose(): Promise<void>;
}

export async function startBare(file: string, threads: number, gpu: "auto" | false): Promise<BareSide> {
  const llama = await getLlama({ gpu, logLevel: LlamaLogLevel.error, build: "never" });
  const model = await llama.loadModel({ modelPath: file });
  const context = await model.createContext({ contextSize: 8192, threads });
  const sequence: LlamaContextSequence = context.getSequence();
  const chat = new LlamaChat({ contextSequence: sequence, autoDisposeSequence: false });
  const generate = async (prompt: string, genTokens: number, onToken?: () => void) =>
    chat.generateResponse(toChatHistory("", [{ role: "user", text: prompt }]), {
      ...SAMPLING,
      // node-llama-cpp applies a repeat penalty over the last 64 tokens unless told otherwise; Inkstone passes false
      repeatPenalty: false,
      maxTokens: genTokens,
      onResponseChunk: (chunk) => {
        for (let i = 0; i < chunk.tokens.length; i++) onToken?.();
      },
    });
  await generate(WARMUP_PROMPT, 8); // page cache, allocations, JIT: every side gets a warm-up
  return {
    backend: llama.gpu === false ? "cpu" : llama.gpu,
    model,
    async run(prompt, genTokens) {
      // a fresh history each time: nothing of the previous prompt is reused (each prompt differs from its start)
      const before = sequence.tokenMeter.usedInputTokens;
      let promptTokens = 0;
      const times: number[] = [];
      const start = performance.now();
      await generate(prompt, genTokens, () => {
        if (times.length === 0) promptTokens = sequence.tokenMeter.usedInputTokens - before;
        times.push(performance.now());
      });
      return figures(start, times, promptTokens);
    },
    async dispose() {
      chat.dispose();
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}
