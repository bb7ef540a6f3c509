/**
 * A view of a loaded model whose contexts count what reaches llama.cpp: the contexts made, the decode calls (one per
 * batch) and the tokens handed to the batches. The native context's methods are read-only, so each context made
 * through the view is given a counting view of its native context.
 */
import type { LlamaContext, LlamaModel } from "node-llama-cpp";

export interface NativeCounts {
  contexts: number;
  decodes: number;
  batchTokens: number;
}

export function countingModel(model: LlamaModel): { view: LlamaModel; seen: NativeCounts } {
  const seen: NativeCounts = { contexts: 0, decodes: 0, batchTokens: 0 };
  const createContext = model.createContext.bind(model);
  const view = new Proxy(model, {
    get(target, key) {
      if (key !== "createContext") return Reflect.get(target, key, target);
      return async (...args: Parameters<LlamaModel["createContext"]>) => {
        const context: LlamaContext = await createContext(...args);
        seen.contexts++;
        const holder = context as unknown as { _ctx: Record<string | symbol, unknown> };
        const native = holder._ctx;
        holder._ctx = new Proxy(native, {
          get(nativeTarget, name) {
            const value = Reflect.get(nativeTarget, name, nativeTarget);
            if (typeof value !== "function") return value;
            if (name === "decodeBatch") seen.decodes++;
            if (name !== "addToBatch") return value.bind(nativeTarget);
            return (...batch: unknown[]) => {
              seen.batchTokens += (batch[2] as Uint32Array).length; // (sequence, first index, tokens, logit indexes)
              return (value as (...a: unknown[]) => unknown).apply(nativeTarget, batch);
            };
          },
        });
        return context;
      };
    },
  });
  return { view, seen };
}
