/** Small request and response shapes that every domain's channels use. */
import { z } from "zod";

export const empty = z.object({}).strict();
export const id = z.string().min(1).max(100);
export const ok = z.object({ ok: z.literal(true) });
