/**
 * A remote fault's or notice's parameters with its `detail` worded in the UI's language where
 * Inkstone wrote it (the `problem` codes of remote-faults.ts: not JSON, a line over N bytes…); a
 * detail that is the server's own text stays as sent.
 */
import type { TFunction } from "i18next";
import { type RemoteDetailCode, remoteDetailCodes } from "../../../electron/shared/remote-faults";

type Params = Record<string, string | number>;

const isDetailCode = (value: unknown): value is RemoteDetailCode =>
  typeof value === "string" && (remoteDetailCodes as readonly string[]).includes(value);

export function wordedParams(t: TFunction, params: Params | undefined): Params {
  const plain = { ...(params ?? {}) };
  if (!isDetailCode(plain.problem)) return plain;
  const raw = { interpolation: { escapeValue: false } };
  const part = t(`remoteDetails.${plain.problem}`, { ...plain, ...raw });
  const detail = typeof plain.events === "number" ? t("remoteDetails.many", { ...plain, first: part, ...raw }) : part;
  return { ...plain, detail };
}
