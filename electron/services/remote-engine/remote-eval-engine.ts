/**
 * A remote engine as the evaluation runner's engine: "loading" is a no-op (the server has its
 * model), each generation is one streamed chat completion. A suite run against a server thus
 * gives the same run record as one on the local model.
 */
import type {
  EngineHistoryItem,
  GenerationEvent,
  GenerationSettings,
  LoadedModel,
} from "../../shared/engine-schemas.js";
import type { EvalEngine } from "../evaluate/eval-runner.js";
import type { NetworkGuard } from "../network/network-guard.js";
import { streamRemoteChat } from "./remote-chat.js";
import { type RemoteEngineConfig, serverAddress } from "./remote-config.js";

export class RemoteEvalEngine implements EvalEngine {
  private readonly loaded: LoadedModel;

  constructor(
    private readonly config: RemoteEngineConfig,
    contextLength: number | null,
    private readonly guard?: NetworkGuard,
  ) {
    const address = serverAddress(config.url);
    this.loaded = {
      path: config.url,
      name: config.model || address.host,
      contextSize: contextLength ?? 0,
      trainContextSize: contextLength ?? 0,
      gpuLayers: 0,
      totalLayers: 0,
      loadMs: 0,
    };
  }

  /** The variant's name in the run: the model, and where it ran. */
  get variantName(): string {
    return `${this.config.model || "model"} @ ${serverAddress(this.config.url).host}`;
  }

  async load(): Promise<LoadedModel> {
    return this.loaded;
  }

  generate(
    history: EngineHistoryItem[],
    settings: GenerationSettings,
    onEvent: (event: GenerationEvent) => void,
    signal: AbortSignal,
  ) {
    return streamRemoteChat(this.config, history, settings, onEvent, signal, { guard: this.guard });
  }

  status() {
    return { model: this.loaded, gpu: { backend: `remote (${serverAddress(this.config.url).host})` } };
  }
}
