/**
 * `POST /v1/chat/completions` bodies: validated with bounds, then turned into the engine's
 * conversation turns and sampling settings. Unknown fields are ignored (clients send many);
 * features this server cannot honour (several choices, tools, logprobs, JSON mode) are refused
 * by name rather than silently dropped.
 */
import { z } from "zod";
import {
  type EngineHistoryItem,
  type GenerationSettings,
  generationSettingsSchema,
} from "../../shared/engine-schemas.js";
import { type ApiError, invalidRequest } from "./api-errors.js";

const MAX_TEXT = 1_000_000;

const contentPart = z.looseObject({ type: z.string(), text: z.string().max(MAX_TEXT).optional() });
const content = z.union([z.string().max(MAX_TEXT), z.array(contentPart).max(100), z.null()]);

const message = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"]),
  content: content.optional(),
});

export const chatRequestSchema = z.looseObject({
  model: z.string().min(1).max(255),
  messages: z.array(message).min(1).max(2000),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().gt(0).max(1).nullable().optional(),
  max_tokens: z.number().int().min(1).max(131_072).nullable().optional(),
  max_completion_tokens: z.number().int().min(1).max(131_072).nullable().optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .nullable()
    .optional(),
  stop: z.union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).max(4), z.null()]).optional(),
  n: z.number().int().nullable().optional(),
  logprobs: z.boolean().nullable().optional(),
  tools: z.array(z.unknown()).nullable().optional(),
  response_format: z.looseObject({ type: z.string() }).nullable().optional(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

export interface PreparedChat {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  history: EngineHistoryItem[];
  settings: GenerationSettings;
  stop: string[];
}

function textOf(value: z.infer<typeof content> | undefined, param: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  return value
    .map((part, index) => {
      if (part.type !== "text") {
        throw invalidRequest(
          "unsupported_content",
          `Only text content is supported, not "${part.type}".`,
          `只支持文本内容，不支持“${part.type}”。`,
          `${param}[${index}].type`,
        );
      }
      return part.text ?? "";
    })
    .join("");
}

function refuse(param: string, english: string, chinese: string): ApiError {
  return invalidRequest("unsupported_parameter", english, chinese, param);
}

/** Validates a parsed JSON body; throws an ApiError naming the first bad parameter. */
export function prepareChat(body: unknown): PreparedChat {
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const param = issue.path.map((p, i) => (typeof p === "number" ? `[${p}]` : i ? `.${String(p)}` : String(p)));
    const where = param.join("") || "(body)";
    throw invalidRequest(
      "invalid_parameter",
      `Invalid ${where}: ${issue.message}.`,
      `参数 ${where} 无效：${issue.message}。`,
      param.length ? param.join("") : null,
    );
  }
  const request = parsed.data;
  if (request.n !== undefined && request.n !== null && request.n !== 1)
    throw refuse("n", "Only one choice per request (n = 1) is supported.", "每个请求只支持一个结果（n = 1）。");
  if (request.logprobs) throw refuse("logprobs", "logprobs are not supported.", "不支持 logprobs。");
  if (request.tools?.length) throw refuse("tools", "Tools are not supported.", "不支持工具调用（tools）。");
  if (request.response_format && request.response_format.type !== "text")
    throw refuse("response_format", "Only text responses are supported.", "只支持文本格式的回复。");

  let systemPrompt = "";
  const history: EngineHistoryItem[] = [];
  request.messages.forEach((m, index) => {
    const text = textOf(m.content, `messages[${index}].content`);
    if (m.role === "system" || m.role === "developer") {
      systemPrompt = systemPrompt ? `${systemPrompt}\n\n${text}` : text;
      return;
    }
    if (m.role === "tool" || m.role === "function")
      throw refuse(`messages[${index}].role`, "Tool messages are not supported.", "不支持工具消息。");
    const last = history.at(-1);
    // two turns in a row from the same side become one: the chat template alternates
    if (last?.role === m.role) last.text = `${last.text}\n\n${text}`;
    else history.push({ role: m.role, text });
  });
  if (history.at(-1)?.role !== "user") {
    throw invalidRequest(
      "invalid_messages",
      "The last message must be the user's (role user).",
      "最后一条消息必须来自用户（role 为 user）。",
      "messages",
    );
  }
  if (systemPrompt.length > 20_000) {
    throw invalidRequest(
      "invalid_parameter",
      "The system prompt is longer than 20,000 characters.",
      "系统提示超过 20,000 个字符。",
      "messages",
    );
  }
  const maxTokens = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  const settings = generationSettingsSchema.parse({
    systemPrompt,
    ...(request.temperature != null ? { temperature: request.temperature } : {}),
    ...(request.top_p != null ? { topP: request.top_p } : {}),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(request.seed != null ? { seed: request.seed } : {}),
  });
  const stop = request.stop == null ? [] : typeof request.stop === "string" ? [request.stop] : request.stop;
  return {
    model: request.model,
    stream: request.stream === true,
    includeUsage: request.stream_options?.include_usage === true,
    history,
    settings,
    stop,
  };
}
