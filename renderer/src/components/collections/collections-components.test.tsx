// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { i18n } from "../../i18n/i18n";
import { renderWithI18n } from "../../test/render";
import { AssistantMessage } from "../chat/AssistantMessage";
import { CollectionFiles } from "./CollectionFiles";
import { CollectionUsage } from "./CollectionUsage";

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

describe("a collection's answer", () => {
  it("turns [file, p. n] into a button that opens that file's page; [p. n] still works", () => {
    const onCite = vi.fn();
    renderWithI18n(
      <AssistantMessage
        {...message}
        answer="The width is 10 cm [week 2/notes (1).pdf, p. 3] and the length [第2讲.md, 第4页]; see [p. 2]."
        onCite={onCite}
      />,
    );
    fireEvent.click(screen.getByRole("button", { name: "Show the source of week 2/notes (1).pdf, page 3" }));
    expect(onCite).toHaveBeenLastCalledWith(3, "week 2/notes (1).pdf");
    fireEvent.click(screen.getByRole("button", { name: "Show the source of 第2讲.md, page 4" }));
    expect(onCite).toHaveBeenLastCalledWith(4, "第2讲.md");
    fireEvent.click(screen.getByRole("button", { name: "Show the source of page 2" }));
    expect(onCite).toHaveBeenLastCalledWith(2);
  });

  it("says what was searched and used, and pins or excludes a file for the next question", () => {
    const onPin = vi.fn();
    const onExclude = vi.fn();
    const passages = [
      { id: 1, fileId: 7, file: "a.pdf", page: 1 },
      { id: 2, fileId: 7, file: "a.pdf", page: 2 },
      { id: 3, fileId: 9, file: "b.md", page: 1 },
    ];
    renderWithI18n(
      <CollectionUsage
        usage={{ searched: 35, passages }}
        pinned={[9]}
        excluded={[]}
        onPin={onPin}
        onExclude={onExclude}
      />,
    );
    expect(screen.getByTestId("collection-usage").textContent).toContain(
      "Searched 35 files; used 3 passages from 2 files",
    );
    expect(screen.getAllByTestId("collection-used-file").map((e) => e.textContent)).toEqual([
      "a.pdf · 2 passagesPinExclude",
      "b.md · 1 passageUnpinExclude",
    ]);
    fireEvent.click(screen.getByRole("button", { name: "Exclude a.pdf from the next question" }));
    expect(onExclude).toHaveBeenCalledWith(7);
    expect(screen.getByRole("button", { name: "Pin b.md for the next question" }).getAttribute("aria-pressed")).toBe(
      "true",
    );
  });

  it("pluralises each number of the line apart: one passage from one file; Chinese has one form", async () => {
    renderWithI18n(
      <CollectionUsage
        usage={{ searched: 1, passages: [{ id: 1, fileId: 7, file: "a.pdf", page: 1 }] }}
        pinned={[]}
        excluded={[]}
      />,
    );
    expect(screen.getByTestId("collection-usage").textContent).toContain("Searched 1 file; used 1 passage from 1 file");
    expect(screen.getByTestId("collection-used-file").textContent).toBe("a.pdf · 1 passage");
    await i18n.changeLanguage("zh-CN");
    expect(screen.getByTestId("collection-usage").textContent).toContain(
      "检索了 1 个文件；使用了来自 1 个文件的 1 段内容",
    );
    expect(screen.getByTestId("collection-used-file").textContent).toBe("a.pdf · 1 段");
    await i18n.changeLanguage("en");
  });

  it("lists each file's pages and state, a failure with its reason in the user's language", async () => {
    const files = [
      {
        id: 1,
        name: "notes.md",
        size: 10,
        state: "indexed" as const,
        reason: null,
        message: null,
        pages: 3,
        ocrPages: 0,
      },
      { id: 2, name: "scan.pdf", size: 10, state: "ocr" as const, reason: null, message: null, pages: 2, ocrPages: 2 },
      {
        id: 3,
        name: "locked.pdf",
        size: 10,
        state: "failed" as const,
        reason: "encrypted",
        message: "This PDF is protected with a password.",
        pages: 0,
        ocrPages: 0,
      },
    ];
    renderWithI18n(<CollectionFiles name="Physics" files={files} />);
    const rows = screen.getAllByTestId("collection-file").map((r) => r.textContent);
    expect(rows).toEqual([
      "notes.md3indexed",
      "scan.pdf2indexed (read by OCR)",
      "locked.pdffailed: protected with a password",
    ]);
    await i18n.changeLanguage("zh-CN");
    expect(screen.getAllByTestId("collection-file")[2]!.textContent).toBe("locked.pdf失败: 有密码保护");
    await i18n.changeLanguage("en");
  });
});
