// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { MessageAgreement } from "../../../../electron/shared/history-schemas";
import { renderWithI18n } from "../../test/render";
import { AgreementPanel, AttemptsProgress } from "./AgreementPanel";

afterEach(cleanup);

const metrics = {
  ttftMs: 1,
  ttfatMs: 2,
  totalMs: 3,
  promptTokens: 4,
  reasoningTokens: 5,
  answerTokens: 6,
  tokensPerSecond: null,
};
const attempt = (final: string | null, finishReason: "end" | "looping" = "end") => ({
  answer: final === null ? "I am not sure." : `So the area is $\\boxed{${final}}$.`,
  reasoning: `thinking about ${final}`,
  finishReason,
  final,
  metrics,
});

describe("AgreementPanel", () => {
  it("says how many attempts agree on which answer, and opens each attempt", () => {
    const agreement: MessageAgreement = {
      final: "150",
      size: 4,
      of: 5,
      chosen: 0,
      attempts: [attempt("150"), attempt("150"), attempt("120"), attempt("150"), attempt("150")],
    };
    renderWithI18n(<AgreementPanel agreement={agreement} />);
    expect(screen.getByTestId("agreement-summary").textContent).toBe("4 of 5 attempts agree · 150");
    const items = screen.getAllByTestId("attempt");
    expect(items).toHaveLength(5);
    expect(items[2]!.querySelector("summary")!.textContent).toBe("Attempt 3 · 120 · finished");
    fireEvent.click(items[2]!.querySelector("summary")!);
    expect((items[2]!.querySelector("details") as HTMLDetailsElement).open).toBe(true);
  });

  it("says when the attempts do not agree, and which had no final answer or looped", () => {
    const agreement: MessageAgreement = {
      final: "7",
      size: 1,
      of: 3,
      chosen: 0,
      attempts: [attempt("7"), attempt("8"), attempt(null, "looping")],
    };
    renderWithI18n(<AgreementPanel agreement={agreement} />);
    expect(screen.getByTestId("agreement-summary").textContent).toContain("The attempts do not agree");
    expect(screen.getAllByTestId("attempt")[2]!.textContent).toContain(
      "Attempt 3 · no final answer · was repeating itself",
    );
  });

  it("shows each attempt's tokens while they run", () => {
    renderWithI18n(
      <AttemptsProgress
        attempts={[
          { reasoningTokens: 10, answerTokens: 2, finishReason: null },
          { reasoningTokens: 7, answerTokens: 0, finishReason: "end" },
        ]}
      />,
    );
    const text = screen.getByTestId("attempts-progress").textContent;
    expect(text).toContain("Running 2 attempts…");
    expect(text).toContain("Attempt 1 · 12 tokens");
    expect(text).toContain("Attempt 2 · 7 tokens · finished");
  });
});
