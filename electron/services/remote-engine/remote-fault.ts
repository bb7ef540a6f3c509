/**
 * A remote engine's failure as an InkstoneError: the English message from the shared table, the
 * fault's code and parameters in `details` (so the UI words it in the user's language), and the
 * part of the answer that arrived before it.
 */
import { type ErrorCode, InkstoneError } from "../../shared/contract-kit.js";
import { type RemoteFaultCode, type RemoteFaultParams, remoteFaultMessage } from "../../shared/remote-faults.js";

export interface PartialAnswer {
  reasoning: string;
  answer: string;
}

export interface RemoteFaultDetails {
  reason: RemoteFaultCode;
  params: RemoteFaultParams;
  partial?: PartialAnswer;
}

const errorCodeOf: Partial<Record<RemoteFaultCode, ErrorCode>> = {
  invalid_url: "invalid_request",
  busy: "busy",
  unauthorized: "forbidden",
  forbidden: "forbidden",
  unknown_model: "not_found",
};

export function remoteFault(
  reason: RemoteFaultCode,
  params: RemoteFaultParams,
  partial?: PartialAnswer,
): InkstoneError {
  const details: RemoteFaultDetails = { reason, params, ...(partial ? { partial } : {}) };
  return new InkstoneError(
    errorCodeOf[reason] ?? "engine_error",
    { en: remoteFaultMessage(reason, params), zh: remoteFaultMessage(reason, params, "zh") },
    details,
  );
}

export function faultReason(error: unknown): RemoteFaultCode | null {
  if (!(error instanceof InkstoneError)) return null;
  const details = error.details as Partial<RemoteFaultDetails> | undefined;
  return details?.reason ?? null;
}

/** A remote fault as the answer it ended stores it (code and parameters, no partial); null for any other error. */
export function storedFault(error: unknown): { reason: RemoteFaultCode; params: RemoteFaultParams } | null {
  const reason = faultReason(error);
  if (!reason) return null;
  return { reason, params: (error as InkstoneError & { details: RemoteFaultDetails }).details.params ?? {} };
}

/** Text from an untrusted server shown to the user: one line, bounded. */
export function shortText(text: string, max = 300): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** The network failure under a fetch error (undici wraps it in `cause`, sometimes an AggregateError). */
function causeCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    const errors = (current as { errors?: unknown[] }).errors;
    if (Array.isArray(errors) && errors.length > 0) current = errors[0];
    else current = (current as { cause?: unknown }).cause;
  }
  return "";
}

/** A failure to connect or to read, named: refused, unreachable, TLS, or the stream dropping. */
export function connectionFault(error: unknown, host: string, partial?: PartialAnswer): InkstoneError {
  const code = causeCode(error);
  if (code === "ECONNREFUSED") return remoteFault("refused", { host }, partial);
  if (["ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"].includes(code))
    return remoteFault("unreachable", { host }, partial);
  if (/CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code))
    return remoteFault("tls", { host, detail: code }, partial);
  return remoteFault("dropped", { host }, partial);
}
