/**
 * `npm run eval -- --suite seed --model FILE [--model FILE2] --runs 10 [--json] [--suites-dir DIR]`
 * Runs an evaluation suite headless on the local model(s) and prints the results table
 * (or the whole run as JSON).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { EngineClient } from "../electron/services/engine/engine-client.js";
import { spawnNodeEngine } from "../electron/services/engine/node-engine-process.js";
import { runEvaluation } from "../electron/services/evaluate/eval-runner.js";
import { toMarkdown } from "../electron/services/evaluate/results.js";
import { SuiteLibrary } from "../electron/services/evaluate/suites.js";
import { defaultUserDataDir } from "../electron/services/fs/paths.js";
import { closeSharedSandbox } from "../electron/services/sandbox/sandbox.js";

const { values } = parseArgs({
  options: {
    suite: { type: "string", default: "seed" },
    model: { type: "string", multiple: true },
    runs: { type: "string", default: "10" },
    json: { type: "boolean", default: false },
    "suites-dir": { type: "string" },
    temperature: { type: "string" },
  },
});

async function main(): Promise<number> {
  if (!values.model?.length) {
    console.error("eval: --model FILE is required (a .gguf file; repeat --model to compare variants)");
    return 2;
  }
  const library = new SuiteLibrary(values["suites-dir"] ?? path.join(defaultUserDataDir(), "suites"));
  const suite = await library.get(values.suite!);
  const engine = new EngineClient({ spawn: spawnNodeEngine });
  await engine.start();
  const controller = new AbortController();
  process.on("SIGINT", () => controller.abort());
  try {
    const run = await runEvaluation({
      suite,
      variants: values.model.map((file) => ({ name: path.basename(file, ".gguf"), path: path.resolve(file) })),
      repetitions: Number(values.runs),
      settings: values.temperature ? { temperature: Number(values.temperature) } : {},
      engine,
      signal: controller.signal,
      onProgress: (done, total, last) =>
        process.stderr.write(
          `[${done}/${total}] ${last.variant} ${last.taskId}: ${last.correct ? "correct" : "wrong"} (${(last.totalMs / 1000).toFixed(1)} s)\n`,
        ),
    });
    console.log(values.json ? JSON.stringify(run, null, 2) : toMarkdown(run));
    return run.status === "complete" ? 0 : 1;
  } finally {
    await engine.dispose();
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
