/** Issue 17, item 2: the view keeps the reader's place when an answer ends, stops, or a conversation opens. */
import { expect, type Page, test } from "@playwright/test";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { answered, ask, keepScreenshot, loadModel } from "./new-user.js";
import { startWebApp, type WebApp } from "./web-app.js";

let app: WebApp;
test.beforeEach(async () => {
  app = await startWebApp({
    models: { "scripted.gguf": ensureModel({ kind: "scripted" }), "endless.gguf": ensureModel({ kind: "endless" }) },
  });
});
test.afterEach(async () => {
  await app.stop();
});

/**
 * Samples the last answer on every frame: its text length, and whether the message list is scrolled
 * to its end. Returns what was seen once `stop()` is called.
 */
async function watchLastAnswer(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { samples: { length: number; count: number; fromEnd: number }[]; sampling: boolean };
    w.samples = [];
    w.sampling = true;
    const tick = () => {
      const answers = document.querySelectorAll('[data-testid="answer"]');
      const list = document.querySelector('[data-testid="message-list"]');
      if (answers.length && list) {
        w.samples.push({
          length: (answers[answers.length - 1]!.textContent ?? "").length,
          count: answers.length,
          fromEnd: list.scrollHeight - list.scrollTop - list.clientHeight,
        });
      }
      if (w.sampling) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  return {
    async stop() {
      return page.evaluate(() => {
        const w = window as unknown as {
          samples: { length: number; count: number; fromEnd: number }[];
          sampling: boolean;
        };
        w.sampling = false;
        return w.samples;
      });
    },
  };
}

/** After the answer first shows text, it never goes blank again, nor leaves the list for a moment. */
function blankFrames(samples: { length: number; count: number }[]): number {
  const first = samples.findIndex((s) => s.length > 0);
  if (first < 0) return 0;
  const count = samples[first]!.count;
  return samples.slice(first).filter((s) => s.length === 0 || s.count < count).length;
}

test("a finished answer neither blanks nor jumps: its checked final answer stays in view", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(app.url);
  await loadModel(page, "scripted.gguf");
  await page.getByLabel("Mode").selectOption("math");
  await ask(page, "What is 15 × 10?");
  await answered(page);
  await ask(page, "What is 15 × 10 again?");
  await expect(page.getByTestId("assistant-message")).toHaveCount(2);
  await expect(page.getByTestId("answer").nth(1)).not.toBeEmpty({ timeout: 60_000 });
  const watch = await watchLastAnswer(page);
  await answered(page);
  await expect(page.getByTestId("final-answer").last()).toBeInViewport();
  await page.waitForTimeout(300);
  const samples = await watch.stop();
  expect(samples.length).toBeGreaterThan(5);
  expect(blankFrames(samples)).toBe(0);
  // the answer ends at the bottom of the view, with its final answer, the check and the actions
  expect(samples.at(-1)!.fromEnd).toBeLessThan(48);
  await expect(
    page.getByTestId("assistant-message").last().getByRole("button", { name: "Regenerate" }),
  ).toBeInViewport();
  await keepScreenshot(page, "chat-math-finished");
});

test("a stopped answer keeps its text and its Stopped mark in view", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(app.url);
  await loadModel(page, "endless.gguf");
  await ask(page, "Go on forever");
  const answer = page.getByTestId("assistant-message").last();
  // long enough to overflow the view
  await expect
    .poll(() => page.getByTestId("message-list").evaluate((e) => e.scrollHeight > e.clientHeight * 1.5), {
      timeout: 60_000,
    })
    .toBe(true);
  const watch = await watchLastAnswer(page);
  await page.getByLabel("Message").press("Escape");
  await expect(answer).toHaveAttribute("data-status", "stopped");
  await expect(answer.getByText("Stopped")).toBeInViewport();
  await page.waitForTimeout(300);
  const samples = await watch.stop();
  expect(blankFrames(samples)).toBe(0);
  expect(samples.at(-1)!.fromEnd).toBeLessThan(48);
  await keepScreenshot(page, "chat-stopped");
});

test("opening a conversation shows its latest message", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(app.url);
  await loadModel(page, "scripted.gguf");
  for (const question of ["First question", "Second question", "Third question"]) {
    await ask(page, question);
    await answered(page);
  }
  await page.getByRole("button", { name: "New chat" }).click();
  await expect(page.getByTestId("message-list")).toHaveCount(0);
  await page.locator(".conversation-open", { hasText: "First question" }).click();
  const last = page.getByTestId("assistant-message").last();
  await expect(page.getByTestId("user-message").last()).toContainText("Third question");
  await expect(last.getByRole("button", { name: "Regenerate" })).toBeInViewport();
  await expect(page.getByTestId("user-message").first()).not.toBeInViewport();
  await keepScreenshot(page, "chat-opened-conversation");
});
