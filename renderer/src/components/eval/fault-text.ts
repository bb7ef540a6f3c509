/** A remote engine's fault or notice during a run, worded in the user's language as the chat words it (remote-faults.ts). */
import type { TFunction } from "i18next";
import type { RunFault } from "../../../../electron/shared/eval-schemas";
import { remoteNoticeCodes } from "../../../../electron/shared/remote-faults";
import { wordedParams } from "../../i18n/remote-words";

export function faultText(t: TFunction, fault: RunFault): string {
  return t(`remoteFaults.${fault.reason}`, { ...wordedParams(t, fault.params), interpolation: { escapeValue: false } });
}

/** A notice (`remote_retrying`, `remote_malformed_skipped`) by its code and parameters; else its English message. */
export function noticeText(
  t: TFunction,
  notice: { code: string; message: string; params?: Record<string, string | number> },
): string {
  const code = notice.code.replace(/^remote_/, "");
  if (!notice.params || !(remoteNoticeCodes as readonly string[]).includes(code)) return notice.message;
  return t(`remoteFaults.${code as (typeof remoteNoticeCodes)[number]}`, {
    ...wordedParams(t, notice.params),
    interpolation: { escapeValue: false },
  });
}
