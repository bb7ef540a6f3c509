/** The homework.* channels: running code answers in the sandbox. */
import { z } from "zod";
import { type ContractDef, call } from "../contract-kit.js";
import { sandboxErrorCodes, sandboxLanguages } from "../sandbox-codes.js";

export const homeworkChannels = {
  "homework.runCode": call({
    request: z
      .object({
        code: z.string().min(1).max(100_000),
        language: z.enum(sandboxLanguages),
        tests: z.array(z.string().min(1).max(2000)).min(1).max(50),
      })
      .strict(),
    response: z.object({
      results: z.array(
        z.object({
          test: z.string(),
          passed: z.boolean(),
          message: z.string().nullable(),
          code: z.enum(sandboxErrorCodes).optional(),
        }),
      ),
      error: z.string().nullable(),
      errorCode: z.enum(sandboxErrorCodes).optional(),
      stdout: z.string(),
    }),
  }),
  /** Loads a language's sandbox engine ahead of a run (Python takes seconds the first time). */
  "homework.prepareCode": call({
    request: z.object({ language: z.enum(sandboxLanguages) }).strict(),
    response: z.object({ ready: z.literal(true) }),
  }),
} satisfies ContractDef;
