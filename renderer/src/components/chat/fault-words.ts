/**
 * Words for what a remote engine says while and after it answers, in the UI's language: a live
 * notice (a 429/503 retried, a malformed line skipped, older turns left out) by its code and
 * parameters, and a stored answer's error line by its fault code. Anything without a code the UI
 * knows (an older answer's stored English line, another engine's notice) is shown as it came.
 */
import type { TFunction } from "i18next";
import type { GenerationEvent } from "../../../../electron/shared/engine-schemas";
import type { StoredFault } from "../../../../electron/shared/history-schemas";
import { type RemoteFaultCode, remoteFaultCodes } from "../../../../electron/shared/remote-faults";
import { wordedParams } from "../../i18n/remote-words";

export type LiveNotice = Omit<Extract<GenerationEvent, { kind: "notice" }>, "kind">;

/** Notice codes the UI words itself; `params: true` when the words need the notice's parameters. */
const noticeKeys: Record<string, { key: string; params: boolean }> = {
  remote_retrying: { key: "remoteFaults.retrying", params: true },
  remote_malformed_skipped: { key: "remoteFaults.malformed_skipped", params: true },
  context_shifted: { key: "chat.contextShifted", params: false },
};

export function noticeText(t: TFunction, notice: LiveNotice): string {
  const known = noticeKeys[notice.code];
  if (!known || (known.params && !notice.params)) return notice.message;
  return t(known.key, { ...wordedParams(t, notice.params), interpolation: { escapeValue: false } });
}

const isFaultCode = (reason: string): reason is RemoteFaultCode =>
  (remoteFaultCodes as readonly string[]).includes(reason);

/** A stored answer's error line: its fault's words when it has a fault code, else the stored line. */
export function errorLine(t: TFunction, error: string | null, fault: StoredFault | null | undefined): string {
  if (fault && isFaultCode(fault.reason))
    return t(`remoteFaults.${fault.reason}`, {
      ...wordedParams(t, fault.params),
      interpolation: { escapeValue: false },
    });
  return error ?? "";
}
