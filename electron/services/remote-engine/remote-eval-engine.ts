/**
 * A remote engine as the evaluation runner's engine: "loading" is a no-op (the server has its
 * model), each generation a streamed chat completion with loop detection and the thinking budget
 * (remote-steering.ts). A suite run against a server thus gives the same run record as one on the
 * local model (finish reasons `looping` and `budget` included), with the server and model it ran on.
 * The CLI (`npm run eval -- --engine`) and the Evaluate screen (a server from Settings → Engines) both use it.
 */
import type {
  EngineHistoryItem,
  GenerationEvent,
  GenerationSettings,
  LoadedModel,
} from "../../shared/engine-schemas.js";
import type { RunEngine } from "../../shared/eval-schemas.js";
import type { EngineChoice } from "../../shared/remote-engine-schemas.js";
import type { EvalEngine } from "../evaluate/eval-runner.js";
import type { NetworkGuard } from "../network/network-guard.js";
import type { EngineRegistry } from "./engine-registry.js";
import { estimateTokens, FALLBACK_CONTEXT } from "./remote-answerer.js";
import { type RemoteEngineConfig, serverAddress } from "./remote-config.js";
import { probeServer } from "./remote-probe.js";
import { type SteeredTarget, steeredRemoteChat } from "./remote-steering.js";

export class RemoteEvalEngine implements EvalEngine {
  private readonly loaded: LoadedModel;
  private readonly target: SteeredTarget;

  constructor(
    private readonly config: RemoteEngineConfig,
    contextLength: number | null,
    guard?: NetworkGuard,
    /** Its name in Settings → Engines (none from the CLI). */
    private readonly name: string | null = null,
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
    this.target = {
      config,
      guard,
      contextSize: async () => contextLength ?? FALLBACK_CONTEXT,
      countTokens: async (text) => estimateTokens(text),
      continuation: async () => (config.preset === "llama-server" ? "prefill" : "ask"),
    };
  }

  /** The variant's name in the run: the model, and where it ran. */
  get variantName(): string {
    return `${this.config.model || "model"} @ ${serverAddress(this.config.url).host}`;
  }

  runEngine(): RunEngine {
    return { host: serverAddress(this.config.url).host, model: this.config.model, name: this.name };
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
    return steeredRemoteChat(this.target, history, settings, onEvent, signal);
  }

  status() {
    return { model: this.loaded, gpu: { backend: `remote (${serverAddress(this.config.url).host})` } };
  }
}

/**
 * A server added in Settings → Engines as a run's engine: its address, key and timeout from the
 * registry; the address, the key and the model checked before the first question (as Test
 * connection does), and the model named when the engine leaves it to the server.
 */
export async function remoteEvalTarget(
  registry: EngineRegistry,
  choice: NonNullable<EngineChoice>,
  guard?: NetworkGuard,
): Promise<{ engine: RemoteEvalEngine; variant: { name: string; path: string } }> {
  const { contextLength, ...config } = await registry.config(choice.engineId, choice.model);
  const { name } = await registry.get(choice.engineId);
  const probe = await probeServer(config, { guard });
  const engine = new RemoteEvalEngine(
    { ...config, model: probe.model, preset: probe.llamaServer ? "llama-server" : config.preset },
    probe.contextLength ?? contextLength,
    guard,
    name,
  );
  return { engine, variant: { name: engine.variantName, path: config.url } };
}
