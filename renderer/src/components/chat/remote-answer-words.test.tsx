// @vitest-environment jsdom
import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { renderWithI18n } from "../../test/render";
import { serverNameFor } from "./AnsweredBy";
import { AssistantMessage } from "./AssistantMessage";

afterEach(cleanup);

const base = {
  answer: "Partial ans",
  reasoning: "",
  streaming: false,
  status: "complete" as const,
  error: null,
  metrics: null,
  reasoningSeconds: null,
  reasoningTokens: 0,
};
const host = "10.0.0.5:8080";
const retrying = {
  code: "remote_retrying",
  message: `The server at ${host} is busy or loading (HTTP 503): trying again in 4 s (try 2 of 4).`,
  params: { host, status: 503, seconds: 4, attempt: 2, attempts: 4 },
};
const metrics = {
  ttftMs: 500,
  ttfatMs: 900,
  totalMs: 2000,
  promptTokens: 10,
  reasoningTokens: 20,
  answerTokens: 10,
  tokensPerSecond: 12.5,
};

describe("a remote answer's faults and notices in the UI's language", () => {
  it("shows the retry notice and the stored fault in Chinese, with full-width punctuation", () => {
    const { rerender } = renderWithI18n(
      <AssistantMessage {...base} streaming status="streaming" notices={[retrying]} />,
      "zh-CN",
    );
    expect(screen.getByRole("note").textContent).toBe(
      `${host} 上的服务器繁忙或正在加载（HTTP 503）：4 秒后重试（第 2 次，共 4 次）。`,
    );
    rerender(
      <AssistantMessage
        {...base}
        status="error"
        error={`The connection to ${host} dropped in the middle of the answer; what arrived is kept.`}
        errorFault={{ reason: "dropped", params: { host } }}
      />,
    );
    expect(screen.getByRole("alert").textContent).toBe(`出错：与 ${host} 的连接在回答中途断开；已收到的内容已保留。`);
  });

  it("words in Chinese what Inkstone says about the server's output; the server's own text stays as sent", () => {
    const sample = "{not json";
    const { rerender } = renderWithI18n(
      <AssistantMessage
        {...base}
        streaming
        status="streaming"
        notices={[
          {
            code: "remote_malformed_skipped",
            message: `A malformed line from ${host} was skipped: not JSON: ${sample}`,
            params: { host, detail: `not JSON: ${sample}`, problem: "not_json", sample },
          },
        ]}
      />,
      "zh-CN",
    );
    expect(screen.getByRole("note").textContent).toBe(`已跳过来自 ${host} 的一行格式错误的数据：不是 JSON：${sample}`);
    const detail = "101 unreadable events; the first: not JSON: {x";
    rerender(
      <AssistantMessage
        {...base}
        status="error"
        error={`The server at ${host} did not send OpenAI-style streaming events (${detail}): …`}
        errorFault={{
          reason: "malformed",
          params: { host, detail, problem: "not_json", sample: "{x", events: 101 },
        }}
      />,
    );
    expect(screen.getByRole("alert").textContent).toBe(
      `出错：${host} 上的服务器发送的不是 OpenAI 格式的流式事件（101 个无法读取的事件；第一个：不是 JSON：{x）：这是兼容 OpenAI 的地址吗？`,
    );
    rerender(
      <AssistantMessage
        {...base}
        status="error"
        error="…"
        errorFault={{
          reason: "http_error",
          params: { host, status: 400, detail: "the request exceeds the available context size" },
        }}
      />,
    );
    expect(screen.getByRole("alert").textContent).toBe(
      `出错：${host} 上的服务器返回 HTTP 400：the request exceeds the available context size`,
    );
  });

  it("shows the same in English, and an older answer's stored English line as it is", () => {
    const { rerender } = renderWithI18n(
      <AssistantMessage {...base} streaming status="streaming" notices={[retrying]} />,
    );
    expect(screen.getByRole("note").textContent).toBe(retrying.message);
    rerender(<AssistantMessage {...base} status="error" error="The engine process crashed." errorFault={null} />);
    expect(screen.getByRole("alert").textContent).toBe("Error: The engine process crashed.");
  });

  it("words a notice it has no words for as it came, and older turns left out by its code", () => {
    renderWithI18n(
      <AssistantMessage
        {...base}
        streaming
        status="streaming"
        notices={[
          { code: "something_new", message: "Something new happened." },
          { code: "context_shifted", message: "This conversation outgrew the context." },
        ]}
      />,
      "zh-CN",
    );
    expect(screen.getAllByRole("note").map((n) => n.textContent)).toEqual([
      "Something new happened.",
      "对话太长，较早的内容没有提供给模型。",
    ]);
  });
});

describe("which engine and model answered", () => {
  it("names the server by its name and host, with the model, beside the metrics", () => {
    const name = serverNameFor([{ host, model: "", name: "llama-server" }], host, "DeepSeek-R1-Distill-Qwen-7B");
    renderWithI18n(
      <AssistantMessage
        {...base}
        metrics={metrics}
        answeredBy={{ engine: host, model: "DeepSeek-R1-Distill-Qwen-7B", serverName: name }}
      />,
    );
    expect(screen.getByTestId("answered-by").textContent).toBe(`llama-server @ ${host} · DeepSeek-R1-Distill-Qwen-7B`);
    expect(screen.getByTestId("message-metrics")).toBeTruthy();
  });

  it("says this computer for the local model, in Chinese too; the host alone for a server no longer added", () => {
    const { rerender } = renderWithI18n(
      <AssistantMessage {...base} answeredBy={{ engine: "local", model: "DeepSeek-R1-Distill-Qwen-1.5B Q4_K_M" }} />,
      "zh-CN",
    );
    expect(screen.getByTestId("answered-by").textContent).toBe("这台电脑 · DeepSeek-R1-Distill-Qwen-1.5B Q4_K_M");
    rerender(
      <AssistantMessage
        {...base}
        answeredBy={{ engine: host, model: null, serverName: serverNameFor([], host, null) }}
      />,
    );
    expect(screen.getByTestId("answered-by").textContent).toBe(host);
    rerender(<AssistantMessage {...base} answeredBy={{ engine: null, model: null }} />);
    expect(screen.queryByTestId("answered-by")).toBeNull(); // an answer older than the record
  });
});
