/**
 * Errors in OpenAI's shape: `{ "error": { "message", "type", "param", "code" } }` with the HTTP status
 * clients expect. Each message is given in English, then in Simplified Chinese.
 */

export type ApiErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "server_error";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: ApiErrorType,
    readonly code: string,
    english: string,
    chinese: string,
    readonly param: string | null = null,
    /** Seconds, for a 429. */
    readonly retryAfter?: number,
  ) {
    super(`${english} / ${chinese}`);
    this.name = "ApiError";
  }

  body(): { error: { message: string; type: ApiErrorType; param: string | null; code: string } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export const invalidRequest = (code: string, english: string, chinese: string, param: string | null = null) =>
  new ApiError(400, "invalid_request_error", code, english, chinese, param);

export const errors = {
  missingKey: () =>
    new ApiError(
      401,
      "authentication_error",
      "missing_api_key",
      "No API key: send it as `Authorization: Bearer <key>` (Inkstone → Settings → Local API shows it).",
      "缺少 API 密钥：请以 `Authorization: Bearer <密钥>` 发送（在 Inkstone → 设置 → 本地 API 中查看）。",
    ),
  wrongKey: () =>
    new ApiError(
      401,
      "authentication_error",
      "invalid_api_key",
      "Wrong API key. Copy the current one from Inkstone → Settings → Local API.",
      "API 密钥不正确。请从 Inkstone → 设置 → 本地 API 复制当前密钥。",
    ),
  foreignHost: (host: string) =>
    new ApiError(
      403,
      "permission_error",
      "forbidden_host",
      `Host "${host}" is not allowed: use 127.0.0.1, localhost or [::1] with this port.`,
      `不允许的 Host “${host}”：请使用 127.0.0.1、localhost 或 [::1] 加本端口。`,
    ),
  foreignOrigin: (origin: string) =>
    new ApiError(
      403,
      "permission_error",
      "forbidden_origin",
      `Requests from web pages at ${origin} are not allowed. Add this exact origin in Settings → Local API to allow it.`,
      `不允许来自网页 ${origin} 的请求。如需允许，请在“设置 → 本地 API”中添加这个确切的来源。`,
    ),
  notLoopback: () =>
    new ApiError(
      403,
      "permission_error",
      "not_loopback",
      "Only programs on this computer may use the API.",
      "只有本机上的程序可以使用此 API。",
    ),
  tooLarge: (limit: number) =>
    new ApiError(
      413,
      "invalid_request_error",
      "request_too_large",
      `The request body is larger than ${Math.round(limit / 1024 / 1024)} MB.`,
      `请求体超过 ${Math.round(limit / 1024 / 1024)} MB。`,
    ),
  malformedJson: (detail: string) =>
    invalidRequest(
      "invalid_json",
      `The request body is not valid JSON (${detail}).`,
      `请求体不是有效的 JSON（${detail}）。`,
    ),
  notFound: (path: string) =>
    new ApiError(
      404,
      "not_found_error",
      "unknown_url",
      `No such endpoint: ${path}. This server offers GET /v1/models and POST /v1/chat/completions.`,
      `没有这个接口：${path}。本服务提供 GET /v1/models 和 POST /v1/chat/completions。`,
    ),
  method: (method: string, path: string) =>
    new ApiError(
      405,
      "invalid_request_error",
      "method_not_allowed",
      `${method} is not allowed on ${path}.`,
      `${path} 不支持 ${method} 方法。`,
    ),
  unknownModel: (model: string) =>
    new ApiError(
      404,
      "not_found_error",
      "model_not_found",
      `The model "${model}" does not exist here. GET /v1/models lists the models.`,
      `这里没有模型“${model}”。GET /v1/models 会列出可用模型。`,
      "model",
    ),
  modelNotLoaded: (model: string) =>
    new ApiError(
      409,
      "invalid_request_error",
      "model_not_loaded",
      `The model "${model}" is not loaded. Load it on Inkstone's Models screen first (the API never loads models).`,
      `模型“${model}”尚未加载。请先在 Inkstone 的“模型”页面加载它（API 不会加载模型）。`,
      "model",
    ),
  noModel: () =>
    new ApiError(
      503,
      "server_error",
      "no_model_loaded",
      "No model is loaded. Load one on Inkstone's Models screen.",
      "尚未加载模型。请在 Inkstone 的“模型”页面加载一个。",
    ),
  queueFull: (retryAfter: number) =>
    new ApiError(
      429,
      "rate_limit_error",
      "queue_full",
      `Too many requests are waiting for the model. Retry in ${retryAfter} s.`,
      `等待模型的请求过多。请在 ${retryAfter} 秒后重试。`,
      null,
      retryAfter,
    ),
  engine: (message: string) =>
    new ApiError(
      500,
      "server_error",
      "engine_error",
      `The model could not answer: ${message}`,
      `模型无法作答：${message}`,
    ),
};
