/** The homework.* channels' handlers: code answers run only in the sandbox. */
import { runCodeTests } from "../../services/homework/run-code-tests.js";
import { sharedSandbox } from "../../services/sandbox/sandbox.js";
import type { DomainHandlers } from "./domain.js";

export function homeworkHandlers(): DomainHandlers<"homework"> {
  return {
    "homework.runCode": async ({ code, language, tests }) => runCodeTests(code, language, tests),
    "homework.prepareCode": async ({ language }) => {
      await sharedSandbox().prepare(language);
      return { ready: true as const };
    },
  };
}
