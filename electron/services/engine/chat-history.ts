/** Conversation turns → node-llama-cpp's ChatHistoryItem list, with the answer opened inside `<think>\n`. */
import type { ChatHistoryItem } from "node-llama-cpp";
import type { EngineHistoryItem } from "../../shared/engine-schemas.js";

/**
 * The model card advises starting every answer with `<think>\n` so the model never skips its
 * reasoning; node-llama-cpp 3.21.1's DeepSeek wrapper ends the prompt at `<｜Assistant｜>`. An open
 * thought segment holding "\n" as the last model item makes the prompt end in `<think>\n`, and the
 * generated tokens continue inside the thought segment.
 */
export const OPEN_REASONING_PREFILL = "\n";

/**
 * `closedThought`: the reasoning so far, to close with `</think>` so that the model answers from
 * there ("answer now"); without it the answer opens a new thought.
 */
export function toChatHistory(
  systemPrompt: string,
  turns: readonly EngineHistoryItem[],
  closedThought?: string,
): ChatHistoryItem[] {
  const items: ChatHistoryItem[] = [];
  if (systemPrompt.trim()) items.push({ type: "system", text: systemPrompt });
  for (const turn of turns) {
    if (turn.role === "user") items.push({ type: "user", text: turn.text });
    else
      items.push({
        type: "model",
        response: [
          ...(turn.reasoning
            ? [{ type: "segment" as const, segmentType: "thought" as const, text: turn.reasoning, ended: true }]
            : []),
          turn.text,
        ],
      });
  }
  items.push({
    type: "model",
    response:
      closedThought === undefined
        ? [{ type: "segment", segmentType: "thought", text: OPEN_REASONING_PREFILL, ended: false }]
        : [{ type: "segment", segmentType: "thought", text: OPEN_REASONING_PREFILL + closedThought, ended: true }, ""],
  });
  return items;
}

export function countUserTurns(items: readonly ChatHistoryItem[]): number {
  return items.filter((item) => item.type === "user").length;
}
