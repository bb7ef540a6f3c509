/** SavedContexts.keep: a conversation's state saved when the user leaves it, so the next question does not wait. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import type { LlamaContextSequence, Token } from "node-llama-cpp";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SavedContexts } from "./saved-contexts.js";

/** A context sequence whose "state" is its token list, written to and read from the state files. */
class FakeSequence {
  tokens: Token[] = [];
  saves = 0;
  loads = 0;
  get contextTokens(): Token[] {
    return [...this.tokens];
  }
  async saveStateToFile(file: string) {
    this.saves++;
    writeFileSync(file, JSON.stringify(this.tokens));
    return { fileSize: 0 };
  }
  async loadStateFromFile(file: string) {
    this.loads++;
    this.tokens = JSON.parse(readFileSync(file, "utf8")) as Token[];
  }
  async clearHistory() {
    this.tokens = [];
  }
  /** What evaluating `prompt` leaves in the sequence. */
  evaluate(prompt: Token[]) {
    this.tokens = [...prompt];
  }
}

const conversation = (start: number, length: number) => Array.from({ length }, (_, i) => (start + i) as Token);
const made: SavedContexts[] = [];
function setup() {
  const sequence = new FakeSequence();
  const saved = new SavedContexts(sequence as unknown as LlamaContextSequence);
  made.push(saved);
  return { sequence, saved };
}
afterEach(() => {
  for (const saved of made.splice(0)) saved.clear();
});

describe("keeping the conversation the user left", () => {
  it("saves it once, while nothing waits: the next question from another conversation does not save it again", async () => {
    const { sequence, saved } = setup();
    const a = conversation(1000, 300);
    sequence.evaluate(a);
    await expect(saved.keep()).resolves.toBe(true);
    await expect(saved.keep()).resolves.toBe(false); // nothing changed: no second write
    expect(sequence.saves).toBe(1);
    const b = conversation(5000, 300);
    // nothing to save and nothing else to load: the prompt is not even tokenized on the way to the first token
    const tokenizeB = vi.fn(() => b);
    await expect(saved.prepare(tokenizeB)).resolves.toBe(0);
    expect(tokenizeB).not.toHaveBeenCalled();
    expect(sequence.saves).toBe(1);
    sequence.evaluate(b);
    // returning to it loads the kept state (and b, now left behind, is saved then, as before)
    const tokenizeA = vi.fn(() => [...a, ...conversation(9000, 20)]);
    const reused = await saved.prepare(tokenizeA);
    expect(tokenizeA).toHaveBeenCalledOnce();
    expect(reused).toBe(300);
    expect(sequence.loads).toBe(1);
    expect(sequence.tokens).toEqual(a);
  });

  it("keeps one file for a conversation kept again after a follow-up (the earlier state is superseded)", async () => {
    const { sequence, saved } = setup();
    const a = conversation(1000, 300);
    sequence.evaluate(a);
    await saved.keep();
    const followed = [...a, ...conversation(7000, 120)];
    sequence.evaluate(followed);
    await expect(saved.keep()).resolves.toBe(true);
    const files = () => {
      const dir = (saved as unknown as { dir: string }).dir;
      return existsSync(dir) ? readdirSync(dir) : [];
    };
    expect(files()).toHaveLength(1);
    sequence.evaluate(conversation(5000, 300));
    await saved.prepare([...followed, ...conversation(9000, 10)]);
    expect(sequence.tokens).toEqual(followed);
  });

  it("does not save a context too short to be worth it", async () => {
    const { sequence, saved } = setup();
    sequence.evaluate(conversation(1000, 40));
    await expect(saved.keep()).resolves.toBe(false);
    expect(sequence.saves).toBe(0);
  });
});
