/**
 * `npm run bench:sandbox`: the sandbox's cold and warm runs per language, 5 tests on a small
 * function. Cold = a new host process (engine load included), the baseline a warm host is measured
 * against; warm = the same host again, runs following each other at once (as Evaluate does: for
 * Python each waits for its fresh interpreter's restore); paused = Python runs after a pause, when
 * the next interpreter is already restored. Ends with one JSON line.
 */
import os from "node:os";
import { Sandbox } from "../electron/services/sandbox/sandbox.js";

const JS = {
  language: "javascript" as const,
  code: "function twoSum(nums, target) { const seen = new Map(); for (let i = 0; i < nums.length; i++) { if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i]; seen.set(nums[i], i); } return []; }",
  tests: [
    "assert.deepEqual(twoSum([2, 7, 11, 15], 9), [0, 1])",
    "assert.deepEqual(twoSum([3, 2, 4], 6), [1, 2])",
    "assert.deepEqual(twoSum([3, 3], 6), [0, 1])",
    "assert.deepEqual(twoSum([1, 2], 7), [])",
    "twoSum([5, 5], 10).length === 2",
  ],
};
const PY = {
  language: "python" as const,
  code: "def two_sum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n            return [seen[target - n], i]\n        seen[n] = i\n    return []",
  tests: [
    "two_sum([2, 7, 11, 15], 9) == [0, 1]",
    "two_sum([3, 2, 4], 6) == [1, 2]",
    "two_sum([3, 3], 6) == [0, 1]",
    "two_sum([1, 2], 7) == []",
    "len(two_sum([5, 5], 10)) == 2",
  ],
};
type Request = typeof JS | typeof PY;

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(sandbox: Sandbox, request: Request): Promise<number> {
  const started = performance.now();
  const outcome = await sandbox.run(request);
  if (outcome.results.some((r) => !r.passed)) throw new Error(`bench run failed: ${JSON.stringify(outcome)}`);
  return performance.now() - started;
}

async function measure(
  request: Request,
  warmRuns: number,
  pausedRuns = 0,
): Promise<{ cold: number; warm: number[]; paused: number[] }> {
  const sandbox = new Sandbox();
  try {
    const cold = await timed(sandbox, request);
    const warm: number[] = [];
    for (let i = 0; i < warmRuns; i++) warm.push(await timed(sandbox, request));
    const paused: number[] = [];
    for (let i = 0; i < pausedRuns; i++) {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      paused.push(await timed(sandbox, request));
    }
    return { cold, warm, paused };
  } finally {
    sandbox.close();
  }
}

const load = os.loadavg()[0]!.toFixed(2);
const js = await measure(JS, 20);
const py = await measure(PY, 10, 5);
const round = (ms: number) => Math.round(ms);
console.log(`sandbox: 5 tests on a two-sum (load average at start ${load} on ${os.cpus().length} cores)`);
console.log("cold = new host process (baseline), warm = the warm host again, runs back to back");
console.log(
  `JavaScript  cold ${round(js.cold)} ms   warm p50 ${round(p50(js.warm))} ms  (max ${round(Math.max(...js.warm))} ms, ${js.warm.length} runs)`,
);
console.log(
  `Python      cold ${round(py.cold)} ms   warm p50 ${round(p50(py.warm))} ms  (max ${round(Math.max(...py.warm))} ms, ${py.warm.length} runs)`,
);
console.log(
  `Python      after a 3 s pause (next interpreter ready) p50 ${round(p50(py.paused))} ms  (${py.paused.length} runs)`,
);
console.log(
  JSON.stringify({
    js_cold_ms: round(js.cold),
    js_warm_p50_ms: round(p50(js.warm)),
    py_cold_ms: round(py.cold),
    py_warm_p50_ms: round(p50(py.warm)),
    py_paused_p50_ms: round(p50(py.paused)),
    load_average: Number(load),
  }),
);
process.exit(0);
