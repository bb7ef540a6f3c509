/**
 * A remote conversation made to fit the server's context, as the local engine fits its own
 * (node-llama-cpp's context shift: the oldest answers shortened from their start, then dropped with
 * the questions that led to them; the system prompt kept; the question being asked shortened from
 * its start only as a last resort, which keeps the question itself after its documents). The
 * prompt never takes more than the context less the room kept for the answer, so the server never
 * has to refuse it ("exceeds the available context size").
 */
import { createHash } from "node:crypto";
import type { EngineHistoryItem } from "../../shared/engine-schemas.js";

/** Room always kept for the answer, as the local engine keeps it: a quarter of the context, at most 512 tokens. */
export const answerReserve = (context: number) => Math.min(512, Math.floor(context / 4));

/** What a chat template adds around each message (role markers) and around the whole request. */
const PER_MESSAGE = 8;
const PER_REQUEST = 16;
/** An answer shortened to less than this is dropped with its question instead. */
const MIN_KEPT = 64;

export interface ContextFit {
  /** The turns to send: the question last, whole unless it alone did not fit. */
  history: EngineHistoryItem[];
  /** The prompt's size as counted (system prompt, turns, template). */
  promptTokens: number;
  /** Older turns were shortened or left out. */
  shifted: boolean;
  /** The most tokens the answer may have: the user's cap, never more than the context left. */
  maxTokens: number | undefined;
}

export type TokenCount = (text: string) => Promise<number>;

/** Shortens a text from its start to about `fraction` of it, at a word boundary, marked with "…". */
function keepEnd(text: string, fraction: number): string {
  let cut = Math.max(0, text.length - Math.floor(text.length * Math.max(0, fraction)));
  const space = text.slice(cut, cut + 40).search(/\s/);
  if (space >= 0) cut += space + 1;
  const code = text.charCodeAt(cut);
  if (code >= 0xdc00 && code <= 0xdfff) cut++; // never split a surrogate pair
  return cut >= text.length ? "" : `…${text.slice(cut)}`;
}

export async function fitToContext(
  turns: readonly EngineHistoryItem[],
  systemPrompt: string,
  context: number,
  count: TokenCount,
  maxTokens?: number,
): Promise<ContextFit> {
  const limit = context - answerReserve(context);
  const withCap = (history: EngineHistoryItem[], promptTokens: number, shifted: boolean): ContextFit => ({
    history,
    promptTokens,
    shifted,
    maxTokens: maxTokens === undefined ? undefined : Math.max(1, Math.min(maxTokens, context - promptTokens)),
  });
  const overhead = (messages: number) => PER_REQUEST + PER_MESSAGE * (messages + (systemPrompt ? 1 : 0));
  // the common case, one count: everything fits
  const whole = await count([systemPrompt, ...turns.map((t) => t.text)].join("\n"));
  if (whole + overhead(turns.length) <= limit) return withCap([...turns], whole + overhead(turns.length), false);

  const items = turns.map((t) => ({ ...t }));
  const tokens = await Promise.all(items.map((t) => count(t.text)));
  const system = systemPrompt ? await count(systemPrompt) : 0;
  const last = items.length - 1;
  let total = system + tokens.reduce((a, b) => a + b, 0) + overhead(items.length);
  let start = 0;
  let shifted = false;
  let shortened = 0; // times the oldest answer was shortened: after 3, it goes
  // the oldest turn first (a question and its answer), never the question being asked
  while (total > limit && start < last) {
    const paired = items[start]!.role === "user" && start + 1 < last && items[start + 1]!.role === "assistant";
    const end = paired ? start + 2 : start + 1;
    const answer = items[end - 1]!.role === "assistant" ? end - 1 : -1;
    shifted = true;
    if (answer >= 0 && shortened < 3 && tokens[answer]! - (total - limit) >= MIN_KEPT) {
      shortened++;
      // shortening this answer is enough: keep its end (what the next question most likely follows)
      const before = tokens[answer]!;
      const text = keepEnd(items[answer]!.text, (before - (total - limit) - PER_MESSAGE) / before);
      const after = await count(text);
      if (text && after < before) {
        items[answer]!.text = text;
        tokens[answer] = after;
        total -= before - after;
        continue;
      }
    }
    for (let i = start; i < end; i++) total -= tokens[i]! + PER_MESSAGE;
    start = end;
    shortened = 0;
  }
  // the question alone (with its documents) is still too long: its start goes, its end (the question) stays
  for (let tries = 0; total > limit && tries < 4; tries++) {
    const before = tokens[last]!;
    const keep = before - (total - limit) - PER_MESSAGE * (tries + 1);
    if (keep < MIN_KEPT) break; // the system prompt alone fills the context: the server will say so
    const text = keepEnd(items[last]!.text, keep / before);
    const after = await count(text);
    items[last]!.text = text;
    tokens[last] = after;
    total -= before - after;
    shifted = true;
  }
  return withCap(items.slice(start), total, shifted);
}

/**
 * A token count remembered by the text's hash, so a conversation's turns are counted once (the
 * server's /tokenize is a request each), bounded to the most recent `size` texts.
 */
export function rememberedCount(count: TokenCount, size = 512): TokenCount {
  const known = new Map<string, number>();
  return async (text) => {
    const key = createHash("sha256").update(text).digest("base64");
    const hit = known.get(key);
    if (hit !== undefined) {
      known.delete(key);
      known.set(key, hit); // most recent last
      return hit;
    }
    const tokens = await count(text);
    known.set(key, tokens);
    if (known.size > size) known.delete(known.keys().next().value!);
    return tokens;
  };
}
