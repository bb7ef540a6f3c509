import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InkstoneError } from "../../shared/contract-kit.js";
import type { GenerationEvent } from "../../shared/engine-schemas.js";
import { generationSettingsSchema } from "../../shared/engine-schemas.js";
import { type RemoteFaultCode, remoteFaultMessage } from "../../shared/remote-faults.js";
import { delta, type FakeServer, startFakeOpenAI, streamOf } from "../../test/fake-openai-server.js";
import { NetworkGuard } from "../network/network-guard.js";
import { type RemoteChatOptions, streamRemoteChat } from "./remote-chat.js";
import type { RemoteEngineConfig } from "./remote-config.js";
import type { RemoteFaultDetails } from "./remote-fault.js";

const settings = generationSettingsSchema.parse({});
let fake: FakeServer;
let config: RemoteEngineConfig;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: "sk-test" });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.received = [];
  fake.replies = [];
  config = { url: fake.url, model: "fake-r1", apiKey: "sk-test", responseTimeoutMs: 5000, retryBaseMs: 10 };
});

async function ask(options: RemoteChatOptions = {}, signal = new AbortController().signal) {
  const events: GenerationEvent[] = [];
  const result = await streamRemoteChat(
    config,
    [{ role: "user", text: "2+2?" }],
    settings,
    (e) => events.push(e),
    signal,
    options,
  );
  return { result, events };
}

/** The fault `promise` rejects with, checked to be worded in both languages with its parameters filled. */
async function fault(
  promise: Promise<unknown>,
  reason: RemoteFaultCode,
): Promise<RemoteFaultDetails & { message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InkstoneError);
  const details = (error as InkstoneError).details as RemoteFaultDetails;
  expect(details.reason).toBe(reason);
  const zh = remoteFaultMessage(reason, details.params, "zh");
  expect(zh).toMatch(/[\u4e00-\u9fff]/);
  expect(`${(error as Error).message} ${zh}`).not.toContain("{{");
  expect((error as Error).message).toContain(new URL(fake.url).host === details.params.host ? details.params.host : "");
  return { ...details, message: (error as Error).message };
}

const boxed = "The answer is $\\boxed{150}$.";

describe("streaming an answer from an OpenAI-compatible server", () => {
  it("reads reasoning from reasoning_content, the answer from content, and the server's usage", async () => {
    fake.replies = [
      {
        steps: streamOf(
          [
            ["reasoning_content", "Speed times time: "],
            ["reasoning_content", "50 × 3."],
            ["content", boxed],
          ],
          { usage: { prompt_tokens: 12, completion_tokens: 40, completion_tokens_details: { reasoning_tokens: 30 } } },
        ),
      },
    ];
    const { result, events } = await ask();
    expect(result).toMatchObject({
      status: "complete",
      finishReason: "end",
      reasoning: "Speed times time: 50 × 3.",
      answer: boxed,
    });
    expect(result.metrics).toMatchObject({ promptTokens: 12, reasoningTokens: 30, answerTokens: 10 });
    expect(result.metrics.ttftMs).not.toBeNull();
    expect(result.metrics.ttfatMs!).toBeGreaterThanOrEqual(result.metrics.ttftMs!);
    expect(events.filter((e) => e.kind === "reasoning").map((e) => (e as { text: string }).text)).toEqual([
      "Speed times time: ",
      "50 × 3.",
    ]);
    const body = fake.received[0]!.body;
    expect(body).toMatchObject({ model: "fake-r1", stream: true, temperature: 0.6, top_p: 0.95 });
    expect(fake.received[0]!.authorization).toBe("Bearer sk-test");
  });

  it("reads reasoning from `reasoning` when there is no reasoning_content, and counts tokens without usage", async () => {
    fake.replies = [
      {
        steps: [
          ...streamOf([
            ["reasoning", "a"],
            ["reasoning", "b"],
            ["reasoning", "c"],
            ["content", "x"],
          ]).slice(0, -1),
          { wait: 30 },
          { raw: "data: [DONE]\n\n" },
        ],
      },
    ];
    const { result } = await ask();
    expect(result).toMatchObject({ reasoning: "abc", answer: "x" });
    expect(result.metrics).toMatchObject({ promptTokens: 0, reasoningTokens: 3, answerTokens: 1 });
  });

  it("splits inline <think>…</think>, even with the tags cut across chunks", async () => {
    fake.replies = [
      {
        steps: streamOf([
          ["content", "<thi"],
          ["content", "nk>Half of 300"],
          ["content", " is 150.</th"],
          ["content", "ink>\n\n"],
          ["content", boxed],
        ]),
      },
    ];
    const { result, events } = await ask();
    expect(result).toMatchObject({
      reasoning: "Half of 300 is 150.",
      answer: `\n\n${boxed}`,
      reasoningUnfinished: false,
    });
    expect(events.some((e) => "text" in e && e.text.includes("<"))).toBe(false);
  });

  it("takes the text before </think> as reasoning when the template opened the thought (no <think> in the output)", async () => {
    fake.replies = [
      {
        steps: streamOf([
          ["content", "Half of 300 is 150.\n"],
          ["content", "</think>"],
          ["content", boxed],
        ]),
      },
    ];
    const { result, events } = await ask();
    expect(result).toMatchObject({ reasoning: "Half of 300 is 150.\n", answer: boxed });
    expect(events.find((e) => e.kind === "reasoning")).toMatchObject({ text: "Half of 300 is 150.\n" });
  });

  it("keeps an answer without any think tags as the answer", async () => {
    fake.replies = [
      {
        steps: streamOf([
          ["content", "Just "],
          ["content", "150."],
        ]),
      },
    ];
    const { result } = await ask();
    expect(result).toMatchObject({
      reasoning: "",
      answer: "Just 150.",
      metrics: { answerTokens: 2, reasoningTokens: 0 },
    });
  });

  it("reports max_tokens when the server stopped at the length limit", async () => {
    fake.replies = [
      {
        steps: [
          { data: delta({ content: "</think>Long" }) },
          { data: delta({}, "length") },
          { raw: "data: [DONE]\n\n" },
        ],
      },
    ];
    const { result } = await ask();
    expect(result).toMatchObject({ finishReason: "max_tokens", answer: "Long" });
  });

  it("Stop closes the request and keeps what arrived", async () => {
    fake.replies = [
      {
        steps: [
          { data: delta({ reasoning_content: "Thinking…" }) },
          { wait: 10_000 },
          { data: delta({ content: "late" }) },
        ],
      },
    ];
    const stop = new AbortController();
    const asked = ask({}, stop.signal);
    await waitFor(() => fake.received.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stoppedAt = Date.now();
    stop.abort();
    const { result } = await asked;
    expect(result).toMatchObject({ status: "stopped", finishReason: "stopped", reasoning: "Thinking…", answer: "" });
    await waitFor(() => fake.received[0]!.closedAt !== null);
    expect(fake.received[0]!.closedAt! - stoppedAt).toBeLessThan(2000);
  });

  it("allows the server's host through the network guard only while the request runs", async () => {
    const guard = new NetworkGuard();
    const seen: string[][] = [];
    fake.replies = [{ steps: streamOf([["content", "ok"]]) }];
    await streamRemoteChat(
      config,
      [{ role: "user", text: "hi" }],
      settings,
      () => seen.push(guard.status().activeHosts),
      new AbortController().signal,
      { guard },
    );
    expect(seen[0]).toEqual(["127.0.0.1"]);
    expect(guard.status().activeHosts).toEqual([]);
  });
});

describe("a remote engine's faults, each named in English and Chinese, with what arrived kept", () => {
  it("connection refused", async () => {
    const gone = await startFakeOpenAI();
    await gone.close();
    config.url = gone.url;
    const f = await fault(ask(), "refused");
    expect(f.message).toMatch(/refused the connection/);
  });

  it("401: the API key refused", async () => {
    config.apiKey = "wrong";
    expect((await fault(ask(), "unauthorized")).message).toMatch(/HTTP 401/);
  });

  it("403: not allowed", async () => {
    fake.replies = [{ status: 403, json: { error: { message: "forbidden" } } }];
    expect((await fault(ask(), "forbidden")).message).toMatch(/HTTP 403/);
  });

  it("an unknown model (vLLM's and Ollama's wording)", async () => {
    fake.replies = [
      { status: 404, json: { error: { message: "The model `nope` does not exist.", type: "NotFoundError" } } },
      { status: 404, json: { error: { message: 'model "nope" not found, try pulling it first' } } },
    ];
    config.model = "nope";
    expect((await fault(ask(), "unknown_model")).message).toContain("“nope”");
    expect((await fault(ask(), "unknown_model")).params.model).toBe("nope");
  });

  it("a wrong path (404 without a model in it) says to check the /v1 base", async () => {
    config.url = `${fake.url}/api`;
    expect((await fault(ask(), "not_found")).message).toMatch(/\/chat\/completions.*\/v1/);
  });

  it("429 and 503 are retried with backoff and shown, honouring Retry-After", async () => {
    fake.replies = [
      { status: 429, headers: { "retry-after": "0" }, json: { error: { message: "busy" } } },
      { status: 503, json: { error: { message: "Loading model" } } },
      { steps: streamOf([["content", "</think>150"]]) },
    ];
    const { result, events } = await ask();
    expect(result.answer).toBe("150");
    const notices = events.filter((e) => e.kind === "notice");
    expect(notices.map((n) => (n as { message: string }).message)).toEqual([
      expect.stringMatching(/HTTP 429.*trying again in 0 s \(try 2 of 4\)/),
      expect.stringMatching(/HTTP 503.*try 3 of 4/),
    ]);
    // with the parameters, so that the UI words the notice in its language
    expect((notices[0] as { params?: object }).params).toEqual({
      host: new URL(fake.url).host,
      status: 429,
      seconds: 0,
      attempt: 2,
      attempts: 4,
    });
    expect(fake.received).toHaveLength(3);
  });

  it("a server still busy after every try", async () => {
    fake.replies = [{ status: 503, json: { error: { message: "Loading model" } } }];
    config.maxTries = 3;
    const f = await fault(ask(), "busy");
    expect(f.params).toMatchObject({ status: 503, attempts: 3 });
    expect(fake.received).toHaveLength(3);
  });

  it("a stream that drops mid-answer", async () => {
    fake.replies = [
      {
        steps: [
          { data: delta({ reasoning_content: "Half of" }) },
          { data: delta({ content: "The ans" }) },
          { wait: 50 },
          { drop: true },
        ],
      },
    ];
    const f = await fault(ask(), "dropped");
    expect(f.partial).toEqual({ reasoning: "Half of", answer: "The ans" });
  });

  it("malformed SSE lines are skipped with a notice; the answer goes on", async () => {
    fake.replies = [
      {
        steps: [
          { data: delta({ content: "</think>1" }) },
          { raw: "data: {not json\n\n" },
          { raw: "data: [1,2]\n\n" },
          { raw: "garbage without a field\n\n" },
          { data: delta({ content: "50" }) },
          { data: delta({}, "stop") },
          { raw: "data: [DONE]\n\n" },
        ],
      },
    ];
    const { result, events } = await ask();
    expect(result.answer).toBe("150");
    expect(events.filter((e) => e.kind === "notice")).toEqual([
      expect.objectContaining({
        code: "remote_malformed_skipped",
        message: expect.stringContaining("not JSON"),
        params: expect.objectContaining({ problem: "not_json", sample: "{not json" }),
      }),
    ]);
  });

  it("a reply that is not an event stream at all", async () => {
    fake.replies = [{ status: 200, text: "<html>welcome</html>", headers: { "content-type": "text/html" } }];
    expect((await fault(ask(), "malformed")).message).toMatch(/text\/html/);
  });

  it("no [DONE] after a finish reason is a complete answer; no [DONE] and no finish is a fault with the partial", async () => {
    fake.replies = [{ steps: streamOf([["content", "</think>150"]], { done: false }) }];
    expect((await ask()).result).toMatchObject({ status: "complete", answer: "150" });
    fake.replies = [{ steps: [{ data: delta({ reasoning_content: "Hmm" }) }, { data: delta({ content: "15" }) }] }];
    expect((await fault(ask(), "no_done")).partial).toEqual({ reasoning: "Hmm", answer: "15" });
  });

  it("a response that never starts: the response timeout", async () => {
    fake.replies = [{ hang: true }];
    config.responseTimeoutMs = 300;
    const started = Date.now();
    expect((await fault(ask(), "timeout")).params.seconds).toBe(0);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("a stream that stops sending mid-answer", async () => {
    fake.replies = [{ steps: [{ data: delta({ content: "</think>15" }) }, { wait: 10_000 }] }];
    config.responseTimeoutMs = 300;
    expect((await fault(ask(), "stalled")).partial).toEqual({ reasoning: "", answer: "15" });
  });

  it("a line or a reply over Inkstone's bounds is cut there", async () => {
    fake.replies = [{ steps: [{ data: delta({ content: "</think>ok" }) }, { raw: `data: ${"x".repeat(5000)}` }] }];
    const line = await fault(ask({ limits: { maxLineBytes: 1000, maxTotalBytes: 1 << 20 } }), "too_large");
    expect(line.partial?.answer).toBe("ok");
    expect(line.message).toMatch(/a line over 1000 bytes/);
    expect(line.params).toMatchObject({ problem: "line_over", bytes: 1000 }); // worded by the UI in its language
    fake.replies = [{ steps: Array.from({ length: 50 }, () => ({ data: delta({ content: "y".repeat(100) }) })) }];
    expect((await fault(ask({ limits: { maxLineBytes: 1000, maxTotalBytes: 2000 } }), "too_large")).message).toMatch(
      /reply over 2000/,
    );
  });

  it("an error event in the middle of the stream", async () => {
    fake.replies = [
      {
        steps: [{ data: delta({ content: "</think>1" }) }, { data: { error: { message: "context full", code: 500 } } }],
      },
    ];
    const f = await fault(ask(), "server_error");
    expect(f.message).toContain("context full");
    expect(f.partial?.answer).toBe("1");
  });

  it("https to a server that speaks plain http: a TLS failure", async () => {
    config.url = fake.url.replace("http:", "https:");
    expect((await fault(ask(), "tls")).message).toMatch(/secure connection/);
  });

  it("an address that is not http(s)", async () => {
    config.url = "ftp://example";
    await fault(ask(), "invalid_url");
  });
});

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
