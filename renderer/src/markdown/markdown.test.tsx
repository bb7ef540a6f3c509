// @vitest-environment jsdom
import { act, cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Markdown, STREAM_REDRAW_MS } from "./Markdown";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("streaming markdown", () => {
  it("redraws a streaming answer at most every 50 ms, and the final text at once", async () => {
    vi.useFakeTimers();
    const { container, rerender } = render(<Markdown text="One" streaming />);
    await act(async () => {});
    expect(container.textContent).toBe("One");
    // three chunks inside one redraw interval: drawn together, once
    rerender(<Markdown text="One two" streaming />);
    rerender(<Markdown text="One two three" streaming />);
    await act(async () => {});
    expect(container.textContent).toBe("One");
    await act(async () => {
      vi.advanceTimersByTime(STREAM_REDRAW_MS);
    });
    expect(container.textContent).toBe("One two three");
    rerender(<Markdown text="One two three four." streaming={false} />);
    await act(async () => {});
    expect(container.textContent).toBe("One two three four.");
  });
});
