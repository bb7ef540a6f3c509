import { describe, expect, it } from "vitest";
import type { ApiError } from "./api-errors.js";
import { prepareChat } from "./chat-request.js";
import { StopFilter } from "./stop-filter.js";

const user = (content: unknown) => ({ role: "user", content });

describe("chat completion requests", () => {
  it("passes temperature, top_p, max_tokens, seed and stop to the engine, system prompts joined", () => {
    const chat = prepareChat({
      model: "m",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "developer", content: "Use metres." },
        user("Hi"),
        { role: "assistant", content: "Hello" },
        user([
          { type: "text", text: "Area " },
          { type: "text", text: "please" },
        ]),
      ],
      temperature: 0.2,
      top_p: 0.5,
      max_tokens: 64,
      seed: 42,
      stop: "END",
      stream: true,
      stream_options: { include_usage: true },
      user: "ignored-field",
    });
    expect(chat.settings).toMatchObject({
      systemPrompt: "Be brief.\n\nUse metres.",
      temperature: 0.2,
      topP: 0.5,
      maxTokens: 64,
      seed: 42,
    });
    expect(chat.stop).toEqual(["END"]);
    expect(chat.history).toEqual([
      { role: "user", text: "Hi" },
      { role: "assistant", text: "Hello" },
      { role: "user", text: "Area please" },
    ]);
    expect(chat).toMatchObject({ stream: true, includeUsage: true });
  });

  it("uses the model card's sampling when none is given; max_completion_tokens wins over max_tokens", () => {
    const chat = prepareChat({ model: "m", messages: [user("x")], max_tokens: 10, max_completion_tokens: 20 });
    expect(chat.settings).toMatchObject({ temperature: 0.6, topP: 0.95, maxTokens: 20 });
    expect(chat.settings.seed).toBeUndefined();
  });

  it("refuses what it cannot honour, naming the parameter", () => {
    const refused = (body: object) => {
      try {
        prepareChat({ model: "m", messages: [user("x")], ...body });
      } catch (error) {
        return { status: (error as ApiError).status, param: (error as ApiError).param };
      }
      throw new Error("accepted");
    };
    expect(refused({ n: 2 })).toEqual({ status: 400, param: "n" });
    expect(refused({ seed: -1 })).toEqual({ status: 400, param: "seed" });
    expect(refused({ top_p: 0 })).toEqual({ status: 400, param: "top_p" });
    expect(refused({ stop: ["a", "b", "c", "d", "e"] })).toEqual({ status: 400, param: "stop" });
    expect(refused({ messages: [user("x"), { role: "assistant", content: "y" }] })).toEqual({
      status: 400,
      param: "messages",
    });
    expect(refused({ messages: [user([{ type: "image_url", image_url: { url: "x" } }])] })).toEqual({
      status: 400,
      param: "messages[0].content[0].type",
    });
    expect(refused({ messages: [] })).toEqual({ status: 400, param: "messages" });
  });
});

describe("stop sequences over a stream", () => {
  it("cuts before a stop split across pieces and holds back only a possible start", () => {
    const filter = new StopFilter(["STOP"]);
    expect(filter.push("abc ST")).toBe("abc ");
    expect(filter.push("O")).toBe("");
    expect(filter.push("P and more")).toBe("");
    expect(filter.stopped).toBe(true);
    expect(filter.push("later")).toBe("");
  });

  it("releases held text that turned out not to be a stop, and at the end", () => {
    const filter = new StopFilter(["\n\n", "END"]);
    expect(filter.push("a E")).toBe("a ");
    expect(filter.push("Nx")).toBe("ENx");
    expect(filter.push("tail\n")).toBe("tail");
    expect(filter.flush()).toBe("\n");
    expect(filter.stopped).toBe(false);
  });

  it("takes the earliest of several stops", () => {
    const filter = new StopFilter(["world", "lo"]);
    expect(filter.push("hello world")).toBe("hel");
  });
});
