/**
 * Several attempts at one question share one evaluation of its prompt. Left alone, each attempt's LlamaChat
 * evaluates the whole prompt in its own sequence: N attempts, N times the prompt (on a CPU, the prompt of a short
 * question costs as much as ~20 generated tokens, a document's far more). Here the first sequence evaluates the
 * prompt once, its state (the KV cache of those tokens) is written with node-llama-cpp's `saveStateToFile` and read
 * into the other sequences with `loadStateFromFile`; each attempt's LlamaChat then finds the prompt already in its
 * sequence and evaluates only its last token.
 *
 * The state file holds the model's view of the question: it is written into a private folder of the engine process
 * (see saved-contexts.ts) and deleted at once. A failure (a full disk) costs only the sharing: the sequences it did
 * not reach evaluate the prompt themselves.
 */
import path from "node:path";
import type { LlamaContextSequence, Token } from "node-llama-cpp";
import { makeStateFolder, removeStateFolder } from "./saved-contexts.js";

/** Shorter prompts are evaluated again faster than a state file is written and read. */
const WORTH_SHARING = 16;

/**
 * Evaluates all but the last token of `prompt` in `sequences[0]` and copies that state into the others.
 * Returns how many tokens every sequence now holds (0 when nothing was shared).
 */
export async function sharePrompt(
  sequences: readonly LlamaContextSequence[],
  prompt: readonly Token[],
): Promise<number> {
  const [first, ...others] = sequences;
  // the last token is left for each attempt: evaluating it gives that attempt the logits of its first token
  const shared = prompt.slice(0, -1);
  if (!first || others.length === 0 || shared.length < WORTH_SHARING) return 0;
  await first.evaluateWithoutGeneratingNewTokens(shared);
  let folder: string | null = null;
  try {
    folder = makeStateFolder();
    const file = path.join(folder, "prompt.state");
    await first.saveStateToFile(file);
    // written by this model a moment ago, into sequences of the same context
    for (const sequence of others) await sequence.loadStateFromFile(file, { acceptRisk: true });
    return shared.length;
  } catch {
    for (const sequence of others) await sequence.clearHistory();
    return 0;
  } finally {
    if (folder) removeStateFolder(folder);
  }
}
