/** The handlers of one domain's channels: the part of the whole map whose names start with `<domain>.`. */
import type { Contract } from "../../shared/contract/index.js";
import type { Handlers } from "../router.js";

export type AllHandlers = Handlers<Contract>;
export type DomainHandlers<Domain extends string> = Pick<
  AllHandlers,
  Extract<keyof AllHandlers, `${Domain}.${string}`>
>;

export const ok = { ok: true as const };
