/**
 * `npm run eval -- --suite seed --model FILE [--model FILE2] --runs 10 [--majority N] [--json] [--suites-dir DIR]`
 * Runs an evaluation suite headless on the local model(s) and prints the results table
 * (or the whole run as JSON). `--majority N` adds a "majority of N" column beside each model's single attempts:
 * N answers at once, each of its attempts recording `agreement: {"size": k, "of": N}`.
 *
 * `npm run eval -- --suite ID --engine URL [--model NAME] [--api-key-env VAR] [--runs N] [--json]`
 * runs it against a remote OpenAI-compatible server instead (llama-server, vLLM, SGLang, Ollama,
 * LM Studio): same run JSON, the variant named "MODEL @ HOST". The key is read from the
 * environment variable VAR, never from the command line (which other users can see).
 */
// the network guard first: this process reaches loopback, and the engine's host only while a question runs
import "../electron/services/network/main-guard.js";
import path from "node:path";
import { parseArgs } from "node:util";
import { EngineClient } from "../electron/services/engine/engine-client.js";
import { spawnNodeEngine } from "../electron/services/engine/node-engine-process.js";
import { type EvalEngine, runEvaluation } from "../electron/services/evaluate/eval-runner.js";
import { toMarkdown } from "../electron/services/evaluate/results.js";
import { SuiteLibrary } from "../electron/services/evaluate/suites.js";
import { defaultUserDataDir } from "../electron/services/fs/paths.js";
import { mainGuard } from "../electron/services/network/main-guard.js";
import { RemoteEvalEngine } from "../electron/services/remote-engine/remote-eval-engine.js";
import { probeServer } from "../electron/services/remote-engine/remote-probe.js";
import { closeSharedSandbox } from "../electron/services/sandbox/sandbox.js";
import { MAX_PARALLEL_ATTEMPTS } from "../electron/shared/engine-schemas.js";

const { values } = parseArgs({
  options: {
    suite: { type: "string", default: "seed" },
    model: { type: "string", multiple: true },
    engine: { type: "string" },
    "api-key-env": { type: "string" },
    "timeout-s": { type: "string" },
    runs: { type: "string", default: "10" },
    json: { type: "boolean", default: false },
    "suites-dir": { type: "string" },
    temperature: { type: "string" },
    majority: { type: "string" },
  },
});

interface Target {
  engine: EvalEngine;
  variants: { name: string; path: string }[];
  dispose(): Promise<void>;
}

async function localTarget(): Promise<Target | null> {
  if (!values.model?.length) return null;
  const engine = new EngineClient({ spawn: spawnNodeEngine });
  await engine.start();
  return {
    engine,
    variants: values.model.map((file) => ({ name: path.basename(file, ".gguf"), path: path.resolve(file) })),
    dispose: () => engine.dispose(),
  };
}

async function remoteTarget(url: string): Promise<Target> {
  const keyVar = values["api-key-env"];
  const apiKey = keyVar ? process.env[keyVar] : undefined;
  if (keyVar && !apiKey) throw new Error(`--api-key-env ${keyVar}: that environment variable is not set (or empty).`);
  if ((values.model?.length ?? 0) > 1) throw new Error("with --engine, give one --model (the server's model name).");
  const timeout = values["timeout-s"] ? Number(values["timeout-s"]) * 1000 : undefined;
  const config = { url, model: values.model?.[0] ?? "", apiKey, responseTimeoutMs: timeout };
  // checks the address, the key and the model before the first question, and names the model when not given
  const probe = await probeServer(config, { guard: mainGuard });
  process.stderr.write(
    `eval: ${probe.host} serves ${probe.models.map((m) => m.id).join(", ") || "(no model list)"}; asking ${probe.model || "its model"}\n`,
  );
  const preset = probe.llamaServer ? ("llama-server" as const) : undefined;
  const engine = new RemoteEvalEngine({ ...config, model: probe.model, preset }, probe.contextLength, mainGuard);
  return { engine, variants: [{ name: engine.variantName, path: url }], dispose: async () => {} };
}

async function main(): Promise<number> {
  if (!values.engine && !values.model?.length) {
    console.error(
      "eval: --model FILE is required (a .gguf file; repeat --model to compare variants), or --engine URL for a server",
    );
    return 2;
  }
  const majority = values.majority === undefined ? undefined : Number(values.majority);
  if (majority !== undefined && !(Number.isInteger(majority) && majority >= 2 && majority <= MAX_PARALLEL_ATTEMPTS)) {
    console.error(`eval: --majority takes a whole number of attempts from 2 to ${MAX_PARALLEL_ATTEMPTS}`);
    return 2;
  }
  if (majority !== undefined && values.engine) {
    console.error("eval: --majority runs several attempts at once on a local model (--model FILE), not with --engine");
    return 2;
  }
  const library = new SuiteLibrary(values["suites-dir"] ?? path.join(defaultUserDataDir(), "suites"));
  const suite = await library.get(values.suite!);
  const target = values.engine ? await remoteTarget(values.engine) : await localTarget();
  if (!target) return 2;
  const controller = new AbortController();
  process.on("SIGINT", () => controller.abort());
  try {
    const run = await runEvaluation({
      suite,
      variants: target.variants,
      repetitions: Number(values.runs),
      majority,
      settings: values.temperature ? { temperature: Number(values.temperature) } : {},
      engine: target.engine,
      signal: controller.signal,
      onProgress: (done, total, last) =>
        process.stderr.write(
          `[${done}/${total}] ${last.variant} ${last.taskId}: ${last.correct ? "correct" : "wrong"} (${(last.totalMs / 1000).toFixed(1)} s)${last.error ? ` ${last.error}` : ""}\n`,
        ),
      onNotice: (notice) => process.stderr.write(`eval: ${notice.message}\n`),
    });
    console.log(values.json ? JSON.stringify(run, null, 2) : toMarkdown(run));
    return run.status === "complete" ? 0 : 1;
  } finally {
    await target.dispose();
    closeSharedSandbox();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`eval: ${error.message}`);
    process.exit(1);
  },
);
