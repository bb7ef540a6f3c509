// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from "@testing-library/react";
import { I18nextProvider } from "react-i18next";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SCRIPT_ANSWER, SCRIPT_REASONING } from "../../../../scripts/gguf/scripted-answer";
import { i18n } from "../../i18n/i18n";
import { renderWithI18n } from "../../test/render";
import { AssistantMessage } from "./AssistantMessage";
import { BranchSwitcher } from "./BranchSwitcher";
import { Composer } from "./Composer";
import { ReasoningPanel } from "./ReasoningPanel";

afterEach(cleanup);

const base = {
  answer: "",
  reasoning: "",
  streaming: false,
  status: "complete" as const,
  error: null,
  metrics: null,
  reasoningSeconds: null,
  reasoningTokens: 0,
};

describe("Composer", () => {
  it("sends on Enter, adds a line on Shift+Enter, stops on Esc", () => {
    const onSend = vi.fn();
    const onStop = vi.fn();
    const { rerender } = renderWithI18n(
      <Composer busy={false} modelLoaded onSend={onSend} onStop={onStop} onOpenModels={() => {}} />,
    );
    const box = screen.getByLabelText("Message");
    fireEvent.change(box, { target: { value: "line one" } });
    fireEvent.keyDown(box, { key: "Enter", shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onSend).toHaveBeenCalledWith("line one");
    expect((box as HTMLTextAreaElement).value).toBe("");
    rerender(<Composer busy modelLoaded onSend={onSend} onStop={onStop} onOpenModels={() => {}} />);
    fireEvent.keyDown(screen.getByLabelText("Message"), { key: "Escape" });
    expect(onStop).toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Stop" })).toBeTruthy();
  });

  it("says when no model is loaded and links to the model screen", () => {
    const onOpenModels = vi.fn();
    renderWithI18n(
      <Composer busy={false} modelLoaded={false} onSend={() => {}} onStop={() => {}} onOpenModels={onOpenModels} />,
    );
    expect(screen.getByText("No model is loaded.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Load one on the Models screen" }));
    expect(onOpenModels).toHaveBeenCalled();
    expect((screen.getByRole("button", { name: "Send" }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe("ReasoningPanel", () => {
  it("is open while thinking and collapses when the answer starts, with time and tokens", () => {
    const { container, rerender } = renderWithI18n(
      <ReasoningPanel text="step one" thinking seconds={null} tokens={3} unfinished={false} />,
    );
    const details = () => container.querySelector("details")!;
    expect(details().open).toBe(true);
    expect(screen.getByText("Thinking…")).toBeTruthy();
    rerender(<ReasoningPanel text="step one" thinking={false} seconds={12.4} tokens={340} unfinished={false} />);
    expect(details().open).toBe(false);
    expect(screen.getByText("Thought for 12 s · 340 tokens")).toBeTruthy();
  });

  it("draws a growing reasoning by paragraphs: what is finished stays as drawn, the text reads the same", () => {
    const first = "The perimeter is 50 cm, so w + l = 25.\n\nThe length is w + 5";
    const { container, rerender } = renderWithI18n(
      <ReasoningPanel text={first} thinking seconds={null} tokens={20} unfinished={false} />,
    );
    const paragraphs = () => [...container.querySelectorAll(".reasoning-paragraph")];
    const finished = paragraphs()[0];
    const firstText = finished?.firstChild;
    const grown = `${first}, so 2w + 5 = 25 and w = 10.\n\nSo the area is 150 cm².  `;
    rerender(
      // the same tree as the first render (renderWithI18n's provider), so React updates it rather than mounting anew
      <I18nextProvider i18n={i18n}>
        <ReasoningPanel text={grown} thinking seconds={null} tokens={40} unfinished={false} />
      </I18nextProvider>,
    );
    expect(paragraphs()).toHaveLength(3);
    expect(paragraphs()[0]).toBe(finished);
    expect(paragraphs()[0]?.firstChild).toBe(firstText); // not even its text node was replaced
    expect(screen.getByTestId("reasoning-text").textContent).toBe(grown.trim());
  });

  it("marks reasoning that never finished", () => {
    renderWithI18n(<ReasoningPanel text="still going" thinking={false} seconds={2} tokens={9} unfinished />);
    expect(screen.getByText(/Reasoning did not finish/)).toBeTruthy();
  });
});

describe("AssistantMessage", () => {
  it("renders the scripted answer: table, typeset math, highlighted code with a copy button", async () => {
    const { container } = renderWithI18n(
      <AssistantMessage
        {...base}
        answer={SCRIPT_ANSWER}
        reasoning={SCRIPT_REASONING}
        reasoningSeconds={0.4}
        reasoningTokens={4}
      />,
    );
    await act(async () => {
      await new Promise((r) => setTimeout(r, 50)); // the deferred render
    });
    expect(container.querySelector("table")?.textContent).toContain("Area");
    expect(container.querySelector(".katex-display")?.textContent).toContain("150");
    expect(container.querySelector("pre code.hljs")).not.toBeNull();
    expect(screen.getByRole("button", { name: "Copy code" })).toBeTruthy();
    expect(screen.getByText("Thought for 0.4 s · 4 tokens")).toBeTruthy();
  });

  it("shows a stopped answer as stopped and an error with its message", () => {
    const { rerender } = renderWithI18n(<AssistantMessage {...base} answer="partial" status="stopped" />);
    expect(screen.getByText("Stopped")).toBeTruthy();
    rerender(<AssistantMessage {...base} answer="partial" status="error" error="The engine stopped unexpectedly" />);
    expect(screen.getByRole("alert").textContent).toContain("The engine stopped unexpectedly");
  });
});

describe("BranchSwitcher", () => {
  it("moves between versions and stops at the ends", () => {
    const onSelect = vi.fn();
    renderWithI18n(<BranchSwitcher index={1} count={3} onSelect={onSelect} />);
    expect(screen.getByText("2 / 3")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Previous version" }));
    fireEvent.click(screen.getByRole("button", { name: "Next version" }));
    expect(onSelect.mock.calls).toEqual([[0], [2]]);
  });
});

describe("SettingsDrawer", () => {
  it("resets the sampling to the model card's and keeps the homework mode", async () => {
    const { SettingsDrawer } = await import("./SettingsDrawer");
    const onChange = vi.fn();
    renderWithI18n(
      <SettingsDrawer
        settings={{ mode: "math", temperature: 1.3, topP: 0.5 }}
        onChange={onChange}
        onClose={() => {}}
      />,
    );
    fireEvent.click(screen.getByRole("button", { name: "Reset to the model card's defaults" }));
    expect(onChange).toHaveBeenCalledWith({ mode: "math" });
  });
});
