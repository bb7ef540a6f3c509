/** Evaluation suites: the built-in seed suite and the user's own, saved locally as JSON. */
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { InkstoneError, summarizeZodError } from "../../shared/contract-kit.js";
import { writeFileAtomic } from "../fs/atomic-file.js";
import { packageRoot } from "../fs/paths.js";
import { checkerSchema } from "./checkers.js";

export const taskSchema = z.object({
  id: z.string().regex(/^[\w.-]{1,80}$/),
  category: z.enum(["math", "code", "logic"]),
  prompt: z.string().min(1).max(20_000),
  checker: checkerSchema,
});
export type EvalTask = z.infer<typeof taskSchema>;

export const suiteSchema = z.object({
  format: z.literal("inkstone-suite"),
  version: z.literal(1),
  id: z.string().regex(/^[\w.-]{1,80}$/),
  name: z.string().min(1).max(200),
  description: z.string().max(2000).default(""),
  tasks: z.array(taskSchema).min(1).max(1000),
});
export type Suite = z.infer<typeof suiteSchema>;

export function parseSuite(json: unknown): Suite {
  const parsed = suiteSchema.safeParse(json);
  if (!parsed.success)
    throw new InkstoneError("invalid_request", {
      en: `Not a valid Inkstone suite: ${summarizeZodError(parsed.error)}`,
      zh: `这不是有效的 Inkstone 题集：${summarizeZodError(parsed.error)}`,
    });
  const ids = new Set<string>();
  for (const task of parsed.data.tasks) {
    if (ids.has(task.id))
      throw new InkstoneError("invalid_request", {
        en: `The suite lists task ${task.id} twice.`,
        zh: `题集中题目 ${task.id} 出现了两次。`,
      });
    ids.add(task.id);
  }
  return parsed.data;
}

export class SuiteLibrary {
  constructor(private readonly dir: string) {}

  async builtIn(): Promise<Suite> {
    return parseSuite(JSON.parse(await readFile(path.join(packageRoot(), "resources", "eval-seed.json"), "utf8")));
  }

  async list(): Promise<Suite[]> {
    const suites = [await this.builtIn()];
    await mkdir(this.dir, { recursive: true });
    for (const name of (await readdir(this.dir)).filter((n) => n.endsWith(".json")).sort()) {
      try {
        suites.push(parseSuite(JSON.parse(await readFile(path.join(this.dir, name), "utf8"))));
      } catch {
        // a damaged file is skipped, not fatal; it stays on disk for the user to fix
      }
    }
    return suites;
  }

  async get(id: string): Promise<Suite> {
    const suite = (await this.list()).find((s) => s.id === id);
    if (!suite) throw new InkstoneError("not_found", { en: `No suite "${id}".`, zh: `没有题集“${id}”。` });
    return suite;
  }

  /** Saves (or replaces) a user suite; the built-in one cannot be replaced. */
  async save(suite: Suite): Promise<void> {
    if (suite.id === "seed")
      throw new InkstoneError("invalid_request", {
        en: 'The id "seed" belongs to the built-in suite; choose another.',
        zh: "ID “seed”属于内置题集；请换一个。",
      });
    await writeFileAtomic(path.join(this.dir, `${suite.id}.json`), JSON.stringify(suite, null, 2));
  }

  async remove(id: string): Promise<void> {
    if (id === "seed")
      throw new InkstoneError("invalid_request", {
        en: "The built-in suite cannot be deleted.",
        zh: "内置题集不能删除。",
      });
    await rm(path.join(this.dir, `${id}.json`), { force: true });
  }
}
