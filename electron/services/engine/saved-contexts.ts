/**
 * Returning to a recent conversation without evaluating it again. The engine has one context sequence; when a question
 * from another conversation is about to replace most of what it holds, its state (the KV cache of the tokens it holds)
 * is first saved with node-llama-cpp's `saveStateToFile`, and when a later prompt shares a longer prefix with a saved
 * state than with the sequence, that state is loaded back (`loadStateFromFile`) and only the rest is evaluated.
 *
 * The files hold the model's view of private conversations: they live in a folder of the engine process's own
 * (mode 0700 under the system's temporary folder), at most KEEP of them, and all are deleted when the model is
 * unloaded or replaced (a state file must only ever be loaded into the model that wrote it), when the engine process
 * exits, and, for a process that was killed, by the next engine process that saves a state (the folder is named after
 * its process id).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { LlamaContextSequence, Token } from "node-llama-cpp";

/** The conversations kept besides the one in the sequence. */
const KEEP = 2;
/** Fewer tokens than this are re-evaluated faster than a state file is written and read. */
const WORTH_SAVING = 64;

interface SavedState {
  file: string;
  tokens: Token[];
}

const PREFIX = "inkstone-context-";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** This process's state folders, deleted when it exits. */
const liveFolders = new Set<string>();
let exitHookSet = false;

/**
 * A new private folder of this process for state files (deleted when the process exits), after removing those of
 * engine processes that were killed.
 */
export function makeStateFolder(): string {
  const tmp = os.tmpdir();
  for (const name of readdirSync(tmp)) {
    const pid = Number(name.slice(PREFIX.length).split("-")[0]);
    if (name.startsWith(PREFIX) && Number.isInteger(pid) && pid > 0 && !alive(pid))
      rmSync(path.join(tmp, name), { recursive: true, force: true });
  }
  const dir = mkdtempSync(path.join(tmp, `${PREFIX}${process.pid}-`));
  if (!exitHookSet) process.once("exit", removeLiveFolders);
  exitHookSet = true;
  liveFolders.add(dir);
  return dir;
}

/** Deletes a folder made by makeStateFolder, with what it holds. */
export function removeStateFolder(dir: string): void {
  liveFolders.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

function removeLiveFolders(): void {
  for (const dir of liveFolders) rmSync(dir, { recursive: true, force: true });
  liveFolders.clear();
}

export function commonPrefix(a: readonly Token[], b: readonly Token[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function sameTokens(a: readonly Token[], b: readonly Token[]): boolean {
  return a.length === b.length && commonPrefix(a, b) === a.length;
}

export class SavedContexts {
  private dir: string | null = null;
  private saved: SavedState[] = [];
  private serial = 0;

  constructor(private readonly sequence: LlamaContextSequence) {}

  /**
   * Before evaluating `prompt`: keeps what the sequence holds when the prompt would throw most of it away, and
   * loads a saved state when one shares more of the prompt than the sequence does. Returns the tokens reused from a
   * loaded state (0 when none was loaded). A failure to save or load costs only the reuse: it is never an error.
   */
  async prepare(promptTokens: readonly Token[] | (() => readonly Token[])): Promise<number> {
    const held = this.sequence.contextTokens;
    // Nothing to save (too short, or kept when the user left it) and no other state to load: the prompt is not
    // even tokenized, which is most of this step's cost (5–9 ms for 700 tokens) on the way to the first token.
    const onlyHeld = this.saved.every((s) => sameTokens(s.tokens, held));
    if (onlyHeld && (held.length < WORTH_SAVING || this.holds(held))) return 0;
    const prompt = typeof promptTokens === "function" ? promptTokens() : promptTokens;
    const kept = commonPrefix(held, prompt);
    let best: SavedState | null = null;
    let bestKept = kept;
    for (const state of this.saved) {
      const shared = commonPrefix(state.tokens, prompt);
      if (shared > bestKept + WORTH_SAVING) {
        best = state;
        bestKept = shared;
      }
    }
    if (held.length - kept >= WORTH_SAVING && kept < held.length / 2 && !this.holds(held)) await this.save(held);
    if (!best) return 0;
    this.saved = this.saved.filter((s) => s !== best); // the sequence holds it now; saved again when left
    try {
      await this.sequence.loadStateFromFile(best.file, { acceptRisk: true }); // written by this model and context
      return bestKept;
    } catch {
      await this.sequence.clearHistory();
      return 0;
    } finally {
      rmSync(best.file, { force: true });
    }
  }

  /**
   * Saves what the sequence holds now, while nothing waits for it: the user left its conversation, so the next
   * question (from another one) need not save it first. Returns whether a state was written.
   */
  async keep(): Promise<boolean> {
    const held = this.sequence.contextTokens;
    if (held.length < WORTH_SAVING || this.holds(held)) return false;
    return this.save(held);
  }

  /** Whether a saved state holds exactly these tokens. */
  private holds(tokens: readonly Token[]): boolean {
    return this.saved.some((s) => sameTokens(s.tokens, tokens));
  }

  private async save(tokens: Token[]): Promise<boolean> {
    try {
      this.dir ??= makeStateFolder();
      const file = path.join(this.dir, `${++this.serial}.state`);
      await this.sequence.saveStateToFile(file);
      // an earlier state of the same conversation (a prefix of this one) is superseded
      const superseded = this.saved.filter((s) => commonPrefix(s.tokens, tokens) === s.tokens.length);
      this.saved = this.saved.filter((s) => !superseded.includes(s));
      this.saved.push({ file, tokens: [...tokens] });
      for (const old of [...superseded, ...this.saved.splice(0, Math.max(0, this.saved.length - KEEP))])
        rmSync(old.file, { force: true });
      return true;
    } catch {
      // a full disk or a read-only temporary folder: the conversation is evaluated again when it comes back
      return false;
    }
  }

  /** Deletes every saved state (the model is unloaded or replaced). */
  clear(): void {
    this.saved = [];
    if (this.dir) removeStateFolder(this.dir);
    this.dir = null;
  }
}
