/**
 * Entry of the engine process (a Node child process in web mode, an Electron utilityProcess in the
 * app). It owns node-llama-cpp; if llama.cpp aborts, only this process dies.
 */
// First: the network guard (also passed as --import; loading it twice does nothing), before any other module runs.
import "../network/guard-bootstrap.js";
import { InkstoneError } from "../../shared/contract-kit.js";
import type { EngineReply, MainToEngine } from "./engine-protocol.js";
import { EngineRuntime } from "./engine-runtime.js";

interface ParentPort {
  on(event: "message", listener: (event: { data: MainToEngine }) => void): void;
  postMessage(message: EngineReply): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const send: (message: EngineReply) => void = parentPort
  ? (message) => parentPort.postMessage(message)
  : (message) => process.send?.(message);

const runtime = new EngineRuntime();
const cancellers = new Map<number, AbortController>();
/** The request id of the generation running now, for "answer now". */
let generating: number | null = null;

function errorOf(error: unknown) {
  if (error instanceof InkstoneError) return error.toJSON();
  return { code: "engine_error" as const, message: error instanceof Error ? error.message : String(error) };
}

async function handle(message: MainToEngine): Promise<void> {
  if (message.type === "cancel") {
    if (!message.answerNow) cancellers.get(message.target)?.abort();
    else if (message.target === generating) runtime.answerNow();
    return;
  }
  const { id } = message;
  const controller = new AbortController();
  cancellers.set(id, controller);
  try {
    let data: unknown;
    switch (message.type) {
      case "init":
        data = await runtime.init(message.backend, message.threads);
        break;
      case "load":
        data = await runtime.load(
          message.path,
          message.contextSize,
          (progress) => send({ type: "progress", id, progress }),
          controller.signal,
        );
        break;
      case "unload":
        await runtime.unload();
        data = null;
        break;
      case "generate-attempts":
        data = await runtime.generateAttempts(
          message.history,
          message.settings,
          message.count,
          (attempt, kind, text, tokens) => send({ type: "chunk", id, kind, text, tokens, attempt }),
          (code, text) => send({ type: "notice", id, code, message: text }),
          controller.signal,
        );
        break;
      case "count-tokens":
        data = await runtime.countTokens(message.text);
        break;
      case "keep-state":
        data = await runtime.keepState();
        break;
      case "generate":
        generating = id;
        data = await runtime.generate(
          message.history,
          message.settings,
          (kind, text, tokens) => send({ type: "chunk", id, kind, text, tokens }),
          (code, text) => send({ type: "notice", id, code, message: text }),
          controller.signal,
          { answerFrom: message.answerFrom },
        );
        break;
    }
    send({ type: "result", id, ok: true, data });
  } catch (error) {
    send({ type: "result", id, ok: false, error: errorOf(error) });
  } finally {
    cancellers.delete(id);
    if (generating === id) generating = null;
  }
}

if (parentPort) parentPort.on("message", (event) => void handle(event.data));
else process.on("message", (message) => void handle(message as MainToEngine));
process.on("disconnect", () => process.exit(0));
