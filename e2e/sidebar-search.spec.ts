/**
 * Issue 17, item 5: the sidebar never overflows sideways (long titles cut with an ellipsis) at 1280×800 and
 * 900×700; search lists a conversation once, with its best plain-text snippet and its number of matches; one
 * conversation exports as Markdown (LaTeX kept) and JSON, and prints (save as PDF) with its formulas rendered.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { keepScreenshot, SCREENS_DIR } from "./new-user.js";
import { startWebApp, type WebApp } from "./web-app.js";

let app: WebApp;
test.beforeEach(async () => {
  app = await startWebApp();
});
test.afterEach(async () => {
  await app.stop();
});

const LONG_TITLE =
  "A very long conversation title about the quadratic formula, completing the square and the discriminant of every equation";
const LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis-and-antidisestablishmentarianism-as-one-word";
const ZH_TITLE = "一个矩形的长比宽多五厘米，周长为五十厘米，求这个矩形的面积以及对角线的长度，并说明每一步的理由和依据";
const FORMULA = "$$x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}$$";

let messageId = 0;
function conversation(title: string, turns: [string, string][], at: number) {
  const messages = [];
  let parentId: string | null = null;
  for (const [question, answer] of turns) {
    for (const [role, content] of [
      ["user", question],
      ["assistant", answer],
    ] as const) {
      const id = `m${++messageId}`;
      messages.push({
        id,
        parentId,
        role,
        content,
        reasoning: "",
        status: "complete",
        error: null,
        metrics: null,
        attachments: [],
        createdAt: at + messageId,
        updatedAt: at + messageId,
      });
      parentId = id;
    }
  }
  return {
    id: `c-${at}`,
    title,
    createdAt: at,
    updatedAt: at + 100,
    pinned: false,
    modelVariant: null,
    settings: {},
    activeLeafId: parentId,
    messages,
  };
}

const history = {
  format: "inkstone-history",
  version: 1,
  exportedAt: Date.now(),
  conversations: [
    conversation(
      LONG_TITLE,
      [
        ["Derive the **quadratic** formula, please.", `Complete the square:\n\n${FORMULA}\n\nThat is the formula.`],
        [
          "Why does the quadratic formula have a ± in it?",
          "Because a **quadratic** has two roots: the `±` gives both, and `b^2 - 4ac` decides whether they are real. A quadratic with a negative discriminant has complex roots, so the quadratic formula still works there.",
        ],
      ],
      Date.now() - 3_000,
    ),
    conversation(
      ZH_TITLE,
      [
        [
          "长方形的长比宽多五厘米，周长是五十厘米，面积是多少？",
          "设宽为 $x$ 厘米，则长为 $x+5$ 厘米。由周长得 $2(x + x + 5) = 50$，解得 $x = 10$，所以长方形的**面积**是一百五十平方厘米，对角线长度可以用勾股定理求出来。",
        ],
      ],
      Date.now() - 2_000,
    ),
    conversation(LONG_WORD, [["Spell it", "It is one long word."]], Date.now() - 1_000),
  ],
};

async function importHistory(page: Page) {
  await page.locator(".history-tools input[type=file]").setInputFiles({
    name: "history.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(history)),
  });
  await expect(page.locator(".conversation-open")).toHaveCount(3);
}

/** Whatever the sidebar holds, nothing in the page scrolls sideways and no row ends past the sidebar's edge. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const sidebar = document.querySelector(".sidebar")!;
    const edge = sidebar.getBoundingClientRect().right;
    const scrollers = [document.documentElement, document.body, ...document.querySelectorAll(".sidebar, .sidebar *")]
      .filter((el) => {
        const style = getComputedStyle(el);
        const clips = style.overflowX === "hidden" || style.overflowX === "clip";
        return !clips && el.scrollWidth > el.clientWidth + 1 && style.display !== "inline";
      })
      .map((el) => `${el.tagName}.${el.className} ${el.scrollWidth}>${el.clientWidth}`);
    const pastEdge = [...document.querySelectorAll(".history-sidebar *")]
      .filter((el) => el.getBoundingClientRect().right > edge + 0.5)
      .map((el) => `${el.tagName}.${el.className}`);
    const sidebarBody = document.querySelector(".sidebar-body")!;
    return {
      scrollers,
      pastEdge,
      bodyOverflow: sidebarBody.scrollWidth - sidebarBody.clientWidth,
      pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    };
  });
}

test("the sidebar does not overflow at 1280×800 or 900×700: long titles end in an ellipsis", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(app.url);
  await importHistory(page);
  for (const size of [
    { width: 1280, height: 800 },
    { width: 900, height: 700 },
  ]) {
    await page.setViewportSize(size);
    for (const query of ["", "quadratic", "面积"]) {
      await page.getByLabel("Search conversations").fill(query);
      if (query) await expect(page.getByTestId("search-hit").first()).toBeVisible();
      else await expect(page.locator(".conversation-open")).toHaveCount(3);
      expect(await overflow(page), `${size.width}×${size.height}, search "${query}"`).toEqual({
        scrollers: [],
        pastEdge: [],
        bodyOverflow: 0,
        pageOverflow: 0,
      });
    }
    await page.getByLabel("Search conversations").fill("");
    // every long title is cut, and cut with an ellipsis; its full text is its tooltip
    for (const title of [LONG_TITLE, ZH_TITLE, LONG_WORD]) {
      const row = page.locator(".conversation-open", { hasText: title });
      await expect(row).toHaveAttribute("title", title);
      const cut = await row.evaluate((el) => ({
        cut: el.scrollWidth > el.clientWidth,
        ellipsis: getComputedStyle(el).textOverflow,
      }));
      expect(cut).toEqual({ cut: true, ellipsis: "ellipsis" });
    }
    // hovering shows the row's buttons: they stay inside the sidebar too
    await page.locator(".conversation-row").first().hover();
    expect((await overflow(page)).pastEdge).toEqual([]);
    await keepScreenshot(page, `sidebar-${size.width}x${size.height}`);
  }
});

test("search shows each conversation once, with its match count and a plain snippet cut at words", async ({ page }) => {
  await page.goto(app.url);
  await importHistory(page);
  await page.getByLabel("Search conversations").fill("quadratic");
  const hits = page.getByTestId("search-hit");
  // the title, both questions and the second answer hold the word: one result, four matches
  await expect(hits).toHaveCount(1);
  await expect(hits.locator(".hit-count")).toHaveText("4 matches");
  const snippet = (await hits.locator(".hit-snippet").textContent())!;
  // the best snippet is the answer that says "quadratic" three times, as plain text
  expect(snippet).toContain("quadratic");
  expect(snippet).not.toMatch(/[*`$\\]/);
  expect(snippet).toMatch(/^Because a quadratic has two roots/);
  expect(snippet.endsWith("…")).toBe(true);
  // cut at word boundaries: the first and last words shown are whole words of the answer
  const answerWords = history.conversations[0]!.messages[3]!.content.replace(/[*`]/g, "").split(/[\s,.:]+/);
  const shown = snippet
    .replace(/…/g, "")
    .trim()
    .split(/[\s,.:]+/)
    .filter(Boolean);
  expect(answerWords).toContain(shown[0]);
  expect(answerWords).toContain(shown.at(-1));

  await page.getByLabel("Search conversations").fill("面积");
  await expect(hits).toHaveCount(1);
  await expect(hits.locator(".hit-count")).toHaveText("3 matches");
  const zh = (await hits.locator(".hit-snippet").textContent())!;
  expect(zh).not.toMatch(/[*$]/);
  await expect(hits.locator("mark")).toHaveText("面积");

  // Chinese UI: the count is worded in Chinese
  await page.getByLabel("Language").selectOption("zh-CN");
  await expect(hits.locator(".hit-count")).toHaveText("3 处匹配");
  await keepScreenshot(page, "search-results");
  // opening the result opens the conversation at the matched message
  await hits.getByRole("button").click();
  await expect(page.getByTestId("user-message").first()).toContainText("长方形的长比宽多五厘米");
});

test("one conversation exports as Markdown with its LaTeX and as JSON, and prints with its formulas rendered", async ({
  page,
}) => {
  await page.addInitScript(() => {
    // the print dialog is the browser's; the test records that it was asked for, with the print view ready
    const w = window as unknown as { printed: { katex: number; text: string }[] };
    w.printed = [];
    window.print = () => {
      const view = document.querySelector('[data-testid="print-view"]');
      w.printed.push({ katex: view?.querySelectorAll(".katex").length ?? 0, text: view?.textContent ?? "" });
    };
  });
  await page.goto(app.url);
  await importHistory(page);
  await page.locator(".conversation-open", { hasText: LONG_TITLE }).click();
  await expect(page.getByTestId("user-message").first()).toContainText("Derive the **quadratic** formula");

  const save = async (name: string) => {
    await page.getByText("Export…", { exact: true }).click();
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name }).click();
    const download = await downloading;
    return { name: download.suggestedFilename(), text: await readFile((await download.path())!, "utf8") };
  };
  const markdown = await save("This conversation as Markdown");
  expect(markdown.name).toMatch(/^A-very-long-conversation-title-about-the-quadratic-formula-\d{4}-\d\d-\d\d\.md$/);
  expect(markdown.text).toContain(`# ${LONG_TITLE}`);
  expect(markdown.text).toContain(FORMULA);
  expect(markdown.text).not.toContain("面积"); // only this conversation
  const json = JSON.parse((await save("This conversation as JSON")).text);
  expect(json.conversations.map((c: { title: string }) => c.title)).toEqual([LONG_TITLE]);
  expect(json.conversations[0].messages[1].content).toContain(FORMULA);

  await page.getByText("Export…", { exact: true }).click();
  await page.getByRole("button", { name: "Print or save as PDF" }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed: unknown[] }).printed.length)).toBe(1);
  const printed = await page.evaluate(
    () => (window as unknown as { printed: { katex: number; text: string }[] }).printed[0]!,
  );
  // the formula was rendered by KaTeX before the dialog opened, and the whole conversation is there
  expect(printed.katex).toBeGreaterThan(0);
  expect(printed.text).toContain(LONG_TITLE);
  expect(printed.text).toContain("Why does the quadratic formula have a ± in it?");
  // on paper only the print view shows: no sidebar, no composer
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("print-view")).toBeVisible();
  await expect(page.locator(".sidebar")).toBeHidden();
  await expect(page.getByLabel("Message")).toBeHidden();
  await expect(page.getByTestId("print-view").locator(".katex").first()).toBeVisible();
  await keepScreenshot(page, "conversation-print");
  const pdf = await page.pdf({ format: "A4" });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  await mkdir(SCREENS_DIR, { recursive: true });
  await writeFile(path.join(SCREENS_DIR, "conversation-print.pdf"), pdf); // kept as an artifact, to look at
  await page.emulateMedia({ media: "screen" });
  await expect(page.getByTestId("print-view")).toBeHidden();
});
