/**
 * `npm run -s check -- --jsonl FILE`: reads one JSON object a line, {"id","mode":"math"|"logic"|"number",
 * "question","answer"}, and prints one JSON line per input, {"id","final","status","detail","verdict"}: the same
 * reading and checks the chat and the Evaluate checkers use (electron/shared/answers). Keep this shape stable.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { checkLine } from "../electron/shared/answers/check-line.js";

const lineSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  mode: z.enum(["math", "logic", "number"]),
  question: z.string().max(100_000).default(""),
  answer: z.string().max(1_000_000),
});

function idOf(line: string): string | null {
  try {
    const id = (JSON.parse(line) as { id?: unknown })?.id;
    return typeof id === "string" || typeof id === "number" ? String(id) : null;
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { jsonl: { type: "string" } } });
  if (!values.jsonl) {
    console.error("check: --jsonl FILE is required (one {id, mode, question, answer} object per line)");
    return 2;
  }
  let text: string;
  try {
    text = await readFile(values.jsonl, "utf8");
  } catch (error) {
    console.error(`check: cannot read ${values.jsonl}: ${(error as Error).message}`);
    return 2;
  }
  let invalid = 0;
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    let parsed: z.infer<typeof lineSchema>;
    try {
      parsed = lineSchema.parse(JSON.parse(line));
    } catch (error) {
      invalid++;
      const message =
        error instanceof z.ZodError
          ? error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")
          : (error as Error).message;
      const detail = `invalid input on line ${index + 1}: ${message}`;
      console.error(`check: ${detail}`);
      // one output line per input line, so that outputs stay aligned with inputs
      console.log(JSON.stringify({ id: idOf(line), final: null, status: null, detail, verdict: null }));
      continue;
    }
    console.log(JSON.stringify(checkLine(parsed)));
  }
  return invalid > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`check: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
