// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithI18n } from "../../test/render";
import { AssistantMessage } from "../chat/AssistantMessage";
import { AttachmentBar } from "../chat/AttachmentBar";
import { SourcePanel } from "../chat/SourcePanel";
import { CodeTests } from "./CodeTests";
import { MathResult } from "./MathResult";
import { ModeSelect } from "./ModeSelect";
import { VerdictBadge } from "./VerdictBadge";

afterEach(cleanup);

const message = {
  reasoning: "",
  streaming: false,
  status: "complete" as const,
  error: null,
  metrics: null,
  reasoningSeconds: null,
  reasoningTokens: 0,
};

describe("attachments", () => {
  const none = { onRemove: () => {}, onCancel: () => {}, onDismissError: () => {} };

  it("shows the page being read by OCR with a progress bar and a cancel", () => {
    const onCancel = vi.fn();
    renderWithI18n(
      <AttachmentBar
        {...none}
        onCancel={onCancel}
        ready={[{ id: "a", name: "worksheet.pdf", pages: 4, ocrPages: [1, 2, 3, 4] }]}
        job={{ name: "scan.pdf", stage: "ocr", done: 1, total: 4, handle: null }}
        error={null}
      />,
    );
    expect(screen.getByText(/worksheet\.pdf · 4 pages/)).toBeTruthy();
    expect(screen.getByText(/text read by OCR/)).toBeTruthy();
    expect(screen.getByTestId("attachment-progress").textContent).toContain(
      "scan.pdf: reading text with OCR, page 2 of 4",
    );
    expect((screen.getByRole("progressbar") as HTMLProgressElement).value).toBe(25);
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(onCancel).toHaveBeenCalled();
  });

  it("words each refusal with its numbers", () => {
    const { rerender } = renderWithI18n(
      <AttachmentBar
        {...none}
        ready={[]}
        job={null}
        error={{ name: "book.pdf", reason: "too_many_pages", message: "", details: { pages: 500 } }}
      />,
    );
    expect(screen.getByRole("alert").textContent).toContain(
      "book.pdf has 500 pages; Inkstone reads at most 300. Attach the chapter you need.",
    );
    rerender(
      <AttachmentBar
        {...none}
        ready={[]}
        job={null}
        error={{ name: "locked.pdf", reason: "encrypted", message: "", details: {} }}
      />,
    );
    expect(screen.getByRole("alert").textContent).toContain("locked.pdf is protected with a password");
  });
});

describe("citations", () => {
  it("turn [p. 2] into a button that opens the page's source text", () => {
    const onCite = vi.fn();
    renderWithI18n(
      <AssistantMessage {...message} answer="The width is 10 cm [p. 2], see also [第3页]." onCite={onCite} />,
    );
    fireEvent.click(screen.getByRole("button", { name: "Show the source of page 2" }));
    expect(onCite).toHaveBeenCalledWith(2);
    fireEvent.click(screen.getByRole("button", { name: "Show the source of page 3" }));
    expect(onCite).toHaveBeenLastCalledWith(3);
  });

  it("stay plain text where there are no documents, and the source panel shows the page", () => {
    renderWithI18n(<AssistantMessage {...message} answer="As said [p. 2]." />);
    expect(screen.queryByRole("button", { name: /source of page/ })).toBeNull();
    expect(screen.getByTestId("answer").textContent).toContain("[p. 2]");
    cleanup();
    const onClose = vi.fn();
    renderWithI18n(
      <SourcePanel
        source={{ name: "geometry.pdf", page: 2, text: "The rectangle is 10 cm wide." }}
        error={null}
        onClose={onClose}
      />,
    );
    expect(screen.getByRole("dialog", { name: "Source: geometry.pdf, page 2" }).textContent).toContain(
      "The rectangle is 10 cm wide.",
    );
    fireEvent.click(screen.getByRole("button", { name: "Close the source" }));
    expect(onClose).toHaveBeenCalled();
  });
});

describe("homework modes", () => {
  it("math: the final answer as read, checked against the question, a wrong one flagged with its evidence", async () => {
    const { rerender } = renderWithI18n(<MathResult question="What is 17 × 23?" answer="So \\boxed{391}." />);
    const box = screen.getByTestId("final-answer");
    expect(box.getAttribute("data-check")).toBe("checked");
    await waitFor(() => expect(box.querySelector(".katex")).toBeTruthy());
    expect(box.textContent).toContain("Checked: 17 × 23 = 391 ✓");
    rerender(<MathResult question="What is 17 × 23?" answer="So \\boxed{381}." />);
    expect(screen.getByRole("alert").textContent).toBe("Does not check out: 17 × 23 = 391, not 381.");
    rerender(<MathResult question="If 2x + 3 = 11, what is 4x?" answer={"\\boxed{2\\frac{1}{2}}"} />);
    expect(screen.getByTestId("final-read").textContent).toBe("read as 2.5");
    expect(screen.getByRole("alert").textContent).toBe("Does not check out: 2x + 3 = 11 ⇒ x = 4 ⇒ 4x = 16, not 2.5.");
    rerender(<MathResult question="A train travels 180 km in 2.5 hours. Speed?" answer="\\boxed{72}" />);
    expect(screen.getByTestId("final-answer").getAttribute("data-check")).toBe("not_checked");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("code: extracts the code and shows each test's pass or fail", () => {
    const onRun = vi.fn();
    const onTestsChange = vi.fn();
    const answer = "```js\nfunction add(a, b) { return a + b; }\n```";
    const { rerender } = renderWithI18n(
      <CodeTests
        answer={answer}
        run={{ tests: "", running: false, outcome: null, error: null }}
        onRun={onRun}
        onTestsChange={onTestsChange}
      />,
    );
    expect(screen.getByText("Code blocks: 1 (js)")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Tests, one per line"), { target: { value: "add(1, 2) === 3" } });
    expect(onTestsChange).toHaveBeenCalledWith("add(1, 2) === 3");
    rerender(
      <CodeTests
        answer={answer}
        run={{
          tests: "add(1, 2) === 3\nadd(1, 1) === 3",
          running: false,
          outcome: {
            error: null,
            stdout: "",
            results: [
              { test: "add(1, 2) === 3", passed: true, message: null },
              { test: "add(1, 1) === 3", passed: false, message: "returned false" },
            ],
          },
          error: null,
        }}
        onRun={onRun}
        onTestsChange={onTestsChange}
      />,
    );
    fireEvent.click(screen.getByRole("button", { name: "Run tests" }));
    expect(onRun).toHaveBeenCalledWith("function add(a, b) { return a + b; }", "javascript");
    expect(screen.getByTestId("test-summary").textContent).toBe("1 of 2 tests passed");
    expect(screen.getAllByTestId("test-result").map((li) => li.className)).toEqual(["pass", "fail"]);
  });

  it("code: says when nothing can be run", () => {
    renderWithI18n(
      <CodeTests
        answer={"```ruby\nputs 1\n```"}
        run={{ tests: "", running: false, outcome: null, error: null }}
        onRun={() => {}}
        onTestsChange={() => {}}
      />,
    );
    expect(screen.getByText("Only JavaScript, TypeScript and Python answers can be run here.")).toBeTruthy();
  });

  it("code: Python answers run; Python's first load shows Preparing Python…; stops and output are shown", () => {
    const onRun = vi.fn();
    const onPreparePython = vi.fn();
    const answer = "```python\ndef two_sum(nums, target):\n    return [0, 1]\n```";
    const { rerender } = renderWithI18n(
      <CodeTests
        answer={answer}
        python="cold"
        onPreparePython={onPreparePython}
        run={{ tests: "two_sum([2, 7, 11, 15], 9) == [0, 1]", running: false, outcome: null, error: null }}
        onRun={onRun}
        onTestsChange={() => {}}
      />,
    );
    expect(onPreparePython).toHaveBeenCalledOnce();
    fireEvent.click(screen.getByRole("button", { name: "Run tests" }));
    expect(onRun).toHaveBeenCalledWith("def two_sum(nums, target):\n    return [0, 1]", "python");
    rerender(
      <CodeTests
        answer={answer}
        python="preparing"
        run={{ tests: "spin()", running: true, outcome: null, error: null }}
        onRun={onRun}
        onTestsChange={() => {}}
      />,
    );
    expect(screen.getByTestId("preparing-python").textContent).toBe("Preparing Python…");
    rerender(
      <CodeTests
        answer={answer}
        python="ready"
        run={{
          tests: "spin()\nbig()",
          running: false,
          error: null,
          outcome: {
            error: null,
            stdout: "hello\n",
            results: [
              { test: "spin()", passed: false, message: "Stopped after 1 s", code: "test-timeout" },
              { test: "big()", passed: false, message: "Used more than 256 MB", code: "memory" },
            ],
          },
        }}
        onRun={onRun}
        onTestsChange={() => {}}
      />,
    );
    expect(screen.queryByTestId("preparing-python")).toBeNull();
    expect(screen.getAllByTestId("test-result").map((li) => li.textContent)).toEqual([
      "✗ spin() — failed: Stopped after 1 s",
      "✗ big() — failed: Used more than 256 MB",
    ]);
    expect(screen.getByTestId("code-stdout").textContent).toBe("hello\n");
  });

  it("logic: the verdict comes first, above the reasoning", () => {
    renderWithI18n(
      <AssistantMessage
        {...message}
        answer={"All A are B, and some B are C.\n\nVerdict: Cannot be determined"}
        aboveAnswer={<VerdictBadge answer={"All A are B.\n\nVerdict: Cannot be determined"} streaming={false} />}
      />,
    );
    const verdict = screen.getByTestId("verdict");
    expect(verdict.textContent).toBe("Verdict: Cannot be determined");
    expect(
      verdict.compareDocumentPosition(screen.getByTestId("answer")) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it("the mode picker offers the four modes", () => {
    const onChange = vi.fn();
    renderWithI18n(<ModeSelect mode="general" onChange={onChange} />);
    fireEvent.change(screen.getByLabelText("Mode"), { target: { value: "math" } });
    expect(onChange).toHaveBeenCalledWith("math");
    expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(["General", "Math", "Code", "Logic"]);
  });
});
