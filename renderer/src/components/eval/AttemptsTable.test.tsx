// @vitest-environment jsdom
import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Attempt, RunRecord } from "../../../../electron/shared/eval-schemas";
import { renderWithI18n } from "../../test/render";
import { AttemptsTable } from "./AttemptsTable";

afterEach(cleanup);

const attempt = (over: Partial<Attempt>): Attempt => ({
  taskId: "math-percent-en",
  category: "math",
  variant: "q4",
  repetition: 0,
  correct: false,
  extracted: null,
  detail: "",
  answer: "",
  reasoningChars: 0,
  ttftMs: null,
  ttfatMs: null,
  totalMs: 1000,
  reasoningTokens: 0,
  answerTokens: 0,
  tokensPerSecond: null,
  error: null,
  ...over,
});

describe("Evaluate attempts", () => {
  it("show what was read as each attempt's final answer and why it counted", () => {
    const run: RunRecord = {
      id: "r",
      suiteId: "seed",
      suiteName: "seed",
      startedAt: 0,
      finishedAt: 1,
      status: "complete",
      variants: ["q4"],
      repetitions: 2,
      backend: "cpu",
      error: null,
      attempts: [
        attempt({ correct: true, extracted: "68", detail: 'expected 68; read "68" (last-number)' }),
        attempt({ repetition: 1, extracted: "15", detail: 'expected 68; read "15" (\\boxed{})' }),
        attempt({ taskId: "logic-birds-en", category: "logic", extracted: null, detail: "expected yes" }),
      ],
    };
    renderWithI18n(<AttemptsTable run={run} />);
    const rows = screen.getAllByTestId("attempt-row");
    expect(rows.map((r) => r.className)).toEqual(["pass", "fail", "fail"]);
    expect(rows[1]!.textContent).toContain("✗ wrong");
    expect(rows[1]!.querySelector("code")?.textContent).toBe("15");
    expect(rows[1]!.textContent).toContain('expected 68; read "15"');
    expect(rows[2]!.textContent).toContain("nothing read");
  });
});
