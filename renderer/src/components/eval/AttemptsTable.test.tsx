// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { I18nextProvider } from "react-i18next";
import { afterEach, describe, expect, it } from "vitest";
import type { Attempt, RunRecord } from "../../../../electron/shared/eval-schemas";
import { i18n } from "../../i18n/i18n";
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

  it("word the checker's trace in the user's language from the data it recorded (an older run keeps its English)", async () => {
    const run: RunRecord = {
      id: "r",
      suiteId: "seed",
      suiteName: "seed",
      startedAt: 0,
      finishedAt: 1,
      status: "complete",
      variants: ["q4"],
      repetitions: 1,
      backend: "cpu",
      error: null,
      attempts: [
        attempt({
          extracted: "15",
          detail: 'expected 68; read "15" (\\boxed{})',
          check: { kind: "value", expected: "68", read: "15", source: "boxed" },
        }),
        attempt({ check: { kind: "code", language: "python", passed: 1, total: 6, noCode: false } }),
        attempt({ check: { kind: "verdict", expected: "cannot_be_determined" } }),
        attempt({ detail: "expected yes" }),
      ],
    };
    renderWithI18n(<AttemptsTable run={run} />);
    let rows = screen.getAllByTestId("attempt-row");
    expect(rows[0]!.textContent).toContain("expected 68; read 15 (from \\boxed{})");
    expect(rows[1]!.textContent).toContain("1 of 6 tests passed");
    expect(rows[2]!.textContent).toContain("expected cannot be determined");
    expect(rows[3]!.textContent).toContain("expected yes");
    cleanup();
    await i18n.changeLanguage("zh-CN");
    render(<I18nextProvider i18n={i18n}>{<AttemptsTable run={run} />}</I18nextProvider>);
    rows = screen.getAllByTestId("attempt-row");
    expect(rows[0]!.textContent).toContain("应为 68；读出 15（取自 \\boxed{}）");
    expect(rows[1]!.textContent).toContain("6 个测试中通过 1 个");
    expect(rows[2]!.textContent).toContain("应为“无法确定”");
    await i18n.changeLanguage("en");
  });

  it("word a server's fault as the chat does, in the user's language, beside the part of the answer kept", async () => {
    const host = "gpu.lab:8000";
    const run: RunRecord = {
      id: "r",
      suiteId: "seed",
      suiteName: "seed",
      startedAt: 0,
      finishedAt: 1,
      status: "complete",
      variants: [`fake-r1 @ ${host}`],
      repetitions: 1,
      backend: `remote (${host})`,
      error: null,
      engine: { host, model: "fake-r1", name: "Lab" },
      attempts: [
        attempt({
          variant: `fake-r1 @ ${host}`,
          answer: "The sum is 15",
          detail: "no answer",
          error: `The connection to ${host} dropped in the middle of the answer; what arrived is kept.`,
          fault: { reason: "dropped", params: { host } },
        }),
      ],
    };
    renderWithI18n(<AttemptsTable run={run} />);
    expect(screen.getByTestId("attempt-row").textContent).toContain(
      `The connection to ${host} dropped in the middle of the answer; what arrived is kept.`,
    );
    expect(screen.getByTestId("attempt-row").textContent).toContain(`fake-r1 @ ${host}`);
    cleanup();
    await i18n.changeLanguage("zh-CN");
    render(<I18nextProvider i18n={i18n}>{<AttemptsTable run={run} />}</I18nextProvider>);
    expect(screen.getByTestId("attempt-row").textContent).toContain(
      `与 ${host} 的连接在回答中途断开；已收到的内容已保留。`,
    );
    await i18n.changeLanguage("en");
  });
});
