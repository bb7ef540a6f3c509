/**
 * What can go wrong with a remote engine (an OpenAI-compatible server), as codes the service
 * attaches to its errors (`details.reason`) and the words for each in both languages. The service
 * words its English message from here; the renderer's i18n files include the same tables, so the
 * Chinese UI says the same thing (i18next placeholders: {{host}}, {{status}}…).
 */

export const remoteFaultCodes = [
  "invalid_url",
  "refused",
  "unreachable",
  "tls",
  "timeout",
  "stalled",
  "unauthorized",
  "forbidden",
  "unknown_model",
  "not_found",
  "busy",
  "http_error",
  "server_error",
  "dropped",
  "no_done",
  "malformed",
  "too_large",
] as const;
export type RemoteFaultCode = (typeof remoteFaultCodes)[number];

/** Notices a remote generation gives while it goes on (not errors). */
export const remoteNoticeCodes = ["retrying", "malformed_skipped"] as const;
export type RemoteNoticeCode = (typeof remoteNoticeCodes)[number];

type Table = Record<RemoteFaultCode | RemoteNoticeCode, string>;

export const remoteFaultMessages: { en: Table; zh: Table } = {
  en: {
    invalid_url: "“{{url}}” is not a server address: give one that starts with http:// or https://.",
    refused: "The server at {{host}} refused the connection: is it running, and listening on that port?",
    unreachable: "{{host}} could not be reached: the name is not known here, or there is no route to it.",
    tls: "No secure connection could be made to {{host}} ({{detail}}): check its certificate, or whether it speaks https at all.",
    timeout:
      "The server at {{host}} did not start answering within {{seconds}} s (the response timeout in Settings → Engines); what arrived is kept.",
    stalled: "The server at {{host}} sent nothing for {{seconds}} s in the middle of the answer; what arrived is kept.",
    unauthorized: "The server at {{host}} refused the API key (HTTP 401): check the key in Settings → Engines.",
    forbidden: "The server at {{host}} does not allow this request (HTTP 403): check the API key and its rights.",
    unknown_model: "The server at {{host}} has no model named “{{model}}”: pick one from its model list.",
    not_found:
      "The server at {{host}} has no {{path}} (HTTP 404): is the address its OpenAI-compatible base (often ending in /v1)?",
    busy: "The server at {{host}} stayed busy or still loading (HTTP {{status}}) after {{attempts}} tries: try again later.",
    http_error: "The server at {{host}} answered HTTP {{status}}: {{detail}}",
    server_error:
      "The server at {{host}} reported an error in the middle of the answer: {{detail}}; what arrived is kept.",
    dropped: "The connection to {{host}} dropped in the middle of the answer; what arrived is kept.",
    no_done:
      "The server at {{host}} ended the stream before the answer finished (no finish reason, no [DONE]); what arrived is kept.",
    malformed:
      "The server at {{host}} did not send OpenAI-style streaming events ({{detail}}): is this an OpenAI-compatible address?",
    too_large:
      "The server at {{host}} sent more than Inkstone reads ({{detail}}); the answer was cut there and what arrived is kept.",
    retrying:
      "The server at {{host}} is busy or loading (HTTP {{status}}): trying again in {{seconds}} s (try {{attempt}} of {{attempts}}).",
    malformed_skipped: "A malformed line from {{host}} was skipped: {{detail}}",
  },
  zh: {
    invalid_url: "“{{url}}”不是服务器地址：请填写以 http 或 https 开头的地址。",
    refused: "{{host}} 上的服务器拒绝了连接：它在运行吗？是在这个端口上监听吗？",
    unreachable: "无法连接到 {{host}}：这里不认识这个名称，或者没有通往它的路由。",
    tls: "无法与 {{host}} 建立安全连接（{{detail}}）：请检查它的证书，或者它是否支持 https。",
    timeout: "{{host}} 上的服务器在 {{seconds}} 秒内没有开始回答（设置 → 引擎中的响应超时）；已收到的内容已保留。",
    stalled: "{{host}} 上的服务器在回答中途 {{seconds}} 秒没有发送任何内容；已收到的内容已保留。",
    unauthorized: "{{host}} 上的服务器拒绝了 API 密钥（HTTP 401）：请在设置 → 引擎中检查密钥。",
    forbidden: "{{host}} 上的服务器不允许这个请求（HTTP 403）：请检查 API 密钥及其权限。",
    unknown_model: "{{host}} 上的服务器没有名为“{{model}}”的模型：请从它的模型列表中选择一个。",
    not_found: "{{host}} 上的服务器没有 {{path}}（HTTP 404）：这个地址是它兼容 OpenAI 的根地址吗（通常以 /v1 结尾）？",
    busy: "{{host}} 上的服务器尝试 {{attempts}} 次后仍然繁忙或仍在加载（HTTP {{status}}）：请稍后再试。",
    http_error: "{{host}} 上的服务器返回 HTTP {{status}}：{{detail}}",
    server_error: "{{host}} 上的服务器在回答中途报告了错误：{{detail}}；已收到的内容已保留。",
    dropped: "与 {{host}} 的连接在回答中途断开；已收到的内容已保留。",
    no_done: "{{host}} 上的服务器在回答结束前就结束了数据流（没有结束原因，也没有 [DONE]）；已收到的内容已保留。",
    malformed: "{{host}} 上的服务器发送的不是 OpenAI 格式的流式事件（{{detail}}）：这是兼容 OpenAI 的地址吗？",
    too_large: "{{host}} 上的服务器发送的内容超出了砚台读取的上限（{{detail}}）；回答在那里截断，已收到的内容已保留。",
    retrying:
      "{{host}} 上的服务器繁忙或正在加载（HTTP {{status}}）：{{seconds}} 秒后重试（第 {{attempt}} 次，共 {{attempts}} 次）。",
    malformed_skipped: "已跳过来自 {{host}} 的一行格式错误的数据：{{detail}}",
  },
};

export type RemoteFaultParams = Record<string, string | number>;

/** The message for a fault or notice in one language, placeholders filled. */
export function remoteFaultMessage(
  code: RemoteFaultCode | RemoteNoticeCode,
  params: RemoteFaultParams,
  language: "en" | "zh" = "en",
): string {
  return remoteFaultMessages[language][code].replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ""));
}

/**
 * The parts of a fault's `detail` that Inkstone words itself (what was wrong with the server's
 * output); the rest of a detail is the server's own text, shown as it was sent. A fault or notice
 * carries the part's code as `problem` (with `sample`, `bytes`, `events`), so each language words it.
 */
export const remoteDetailCodes = [
  "not_json",
  "not_object",
  "no_choices",
  "no_events",
  "line_over",
  "reply_over",
] as const;
export type RemoteDetailCode = (typeof remoteDetailCodes)[number];

type DetailTable = Record<RemoteDetailCode | "many", string>;

export const remoteDetailMessages: { en: DetailTable; zh: DetailTable } = {
  en: {
    not_json: "not JSON: {{sample}}",
    not_object: "not an object: {{sample}}",
    no_choices: "no choices: {{sample}}",
    no_events: "no events (content type “{{sample}}”)",
    line_over: "a line over {{bytes}} bytes",
    reply_over: "a reply over {{bytes}} bytes",
    many: "{{events}} unreadable events; the first: {{first}}",
  },
  zh: {
    not_json: "不是 JSON：{{sample}}",
    not_object: "不是对象：{{sample}}",
    no_choices: "没有 choices：{{sample}}",
    no_events: "没有事件（内容类型“{{sample}}”）",
    line_over: "有一行超过 {{bytes}} 字节",
    reply_over: "回复超过 {{bytes}} 字节",
    many: "{{events}} 个无法读取的事件；第一个：{{first}}",
  },
};

/** A detail part in one language, placeholders filled. */
export function remoteDetail(
  problem: RemoteDetailCode | "many",
  params: RemoteFaultParams,
  language: "en" | "zh" = "en",
): string {
  return remoteDetailMessages[language][problem].replace(/\{\{(\w+)\}\}/g, (_, name: string) =>
    String(params[name] ?? ""),
  );
}
