import { describe, expect, it } from "vitest";
import type { EngineHistoryItem } from "../../shared/engine-schemas.js";
import { answerReserve, fitToContext, rememberedCount } from "./remote-context.js";

const count = async (text: string) => Math.ceil(text.length / 4);
/** What fitToContext counts for a request: its texts, and the template's share. */
const sent = async (history: EngineHistoryItem[], system = "") =>
  (await Promise.all([system, ...history.map((h) => h.text)].map(count))).reduce((a, b) => a + b, 0) +
  16 +
  8 * (history.length + (system ? 1 : 0));

function conversation(turns: number, answerChars: number): EngineHistoryItem[] {
  const items: EngineHistoryItem[] = [];
  for (let i = 1; i <= turns; i++) {
    items.push({ role: "user", text: `Question ${i}: what is ${i} + ${i}?` });
    items.push({ role: "assistant", text: `Answer ${i} `.padEnd(answerChars, "x ") });
  }
  items.push({ role: "user", text: "And what is 7 + 7?" });
  return items;
}

describe("fitting a remote conversation to the server's context", () => {
  it("sends a conversation that fits as it is", async () => {
    const turns = conversation(2, 200);
    const fit = await fitToContext(turns, "Be brief.", 4096, count);
    expect(fit).toMatchObject({ history: turns, shifted: false, maxTokens: undefined });
  });

  it("drops the oldest turns first, whole, and keeps the newest answer and the question", async () => {
    const turns = conversation(6, 1200); // about 300 tokens an answer: 1,900 in all
    const fit = await fitToContext(turns, "Be brief.", 1024, count);
    expect(fit.shifted).toBe(true);
    expect(await sent(fit.history, "Be brief.")).toBeLessThanOrEqual(1024 - answerReserve(1024));
    expect(fit.promptTokens).toBe(await sent(fit.history, "Be brief."));
    expect(fit.history.at(-1)).toEqual(turns.at(-1));
    expect(fit.history.at(-2)).toEqual(turns.at(-2)); // the answer the question follows, whole
    expect(fit.history[0]!.role).toBe("user"); // still a conversation that starts with a question
    expect(fit.history.some((h) => h.text.startsWith("Question 1:"))).toBe(false);
  });

  it("shortens the oldest answer from its start when that is enough", async () => {
    const turns = conversation(2, 2400); // 600 tokens an answer
    const fit = await fitToContext(turns, "", 1280, count);
    expect(fit.shifted).toBe(true);
    expect(fit.history).toHaveLength(turns.length);
    expect(fit.history[1]!.text.startsWith("…")).toBe(true);
    expect(turns[1]!.text.endsWith(fit.history[1]!.text.slice(1))).toBe(true);
    expect(await sent(fit.history)).toBeLessThanOrEqual(1280 - answerReserve(1280));
  });

  it("shortens the question's documents from their start as a last resort; the question itself stays", async () => {
    const question = `<document name="a.pdf">\n${"page text ".repeat(600)}\n</document>\n\nWhat is on page 3?`;
    const fit = await fitToContext([{ role: "user", text: question }], "", 1024, count);
    expect(fit.shifted).toBe(true);
    expect(fit.history[0]!.text.endsWith("What is on page 3?")).toBe(true);
    expect(await sent(fit.history)).toBeLessThanOrEqual(1024 - answerReserve(1024));
  });

  it("never asks for more answer tokens than the context has left", async () => {
    const turns = conversation(1, 400);
    const fit = await fitToContext(turns, "", 1024, count, 4000);
    expect(fit.maxTokens).toBe(1024 - fit.promptTokens);
    expect((await fitToContext(turns, "", 1024, count, 100)).maxTokens).toBe(100);
  });

  it("counts each text once while it is remembered", async () => {
    let calls = 0;
    const remembered = rememberedCount(async (text) => {
      calls++;
      return text.length;
    }, 2);
    await remembered("a");
    await remembered("a");
    await remembered("bb");
    await remembered("ccc"); // "a" is forgotten
    await remembered("a");
    expect(calls).toBe(4);
  });
});
