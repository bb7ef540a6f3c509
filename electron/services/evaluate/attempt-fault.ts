/**
 * A remote engine's fault met during a run, read from the error it threw (`details.reason`,
 * `details.params`, `details.partial`: services/remote-engine/remote-fault.ts), and what it means
 * for the run: a fault that every next question would meet too (the server refuses, is gone, wants
 * another key, has no such model, stays busy) ends the run, keeping the attempts already done; one
 * that belongs to one answer (a drop, a stall, a stream cut short) is that attempt's error, with
 * what arrived kept, and the run goes on.
 */
import { InkstoneError } from "../../shared/contract-kit.js";
import type { RunFault } from "../../shared/eval-schemas.js";
import { type RemoteFaultCode, remoteFaultCodes } from "../../shared/remote-faults.js";

const ENDS_RUN: ReadonlySet<RemoteFaultCode> = new Set([
  "invalid_url",
  "refused",
  "unreachable",
  "tls",
  "unauthorized",
  "forbidden",
  "unknown_model",
  "not_found",
  "busy",
]);

export interface FaultMet {
  fault: RunFault;
  /** The part of the answer that arrived before it. */
  partial: { reasoning: string; answer: string } | null;
  /** Every next question would meet it too: the run stops here. */
  endsRun: boolean;
}

const isParam = (value: unknown) => typeof value === "string" || typeof value === "number";

/** The remote fault behind an error, or null for any other error. */
export function faultMet(error: unknown): FaultMet | null {
  if (!(error instanceof InkstoneError)) return null;
  const details = error.details as { reason?: unknown; params?: unknown; partial?: unknown } | undefined;
  const reason = details?.reason;
  if (typeof reason !== "string" || !(remoteFaultCodes as readonly string[]).includes(reason)) return null;
  const params = Object.fromEntries(
    Object.entries(typeof details?.params === "object" && details.params ? details.params : {}).filter(([, v]) =>
      isParam(v),
    ),
  ) as RunFault["params"];
  const partial = details?.partial as { reasoning?: unknown; answer?: unknown } | undefined;
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  return {
    fault: { reason: reason as RemoteFaultCode, params },
    partial: partial ? { reasoning: text(partial.reasoning), answer: text(partial.answer) } : null,
    endsRun: ENDS_RUN.has(reason as RemoteFaultCode),
  };
}
