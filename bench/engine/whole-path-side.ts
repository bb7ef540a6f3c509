/**
 * bench:engine's Inkstone side, the whole path to the screen: web mode (main process + engine process) built as
 * shipped, the renderer in Chromium, the question typed into the composer; the renderer's client and chat store
 * carry the stream, React draws it. Timed inside the page: from the Enter key to the first token drawn and to the
 * last text change, with a MutationObserver on the live answer.
 */
import { type Browser, chromium, type Page } from "@playwright/test";
import { startWebApp, type WebApp } from "../../e2e/web-app.js";
import { connectContract } from "../web-client.js";
import { type RunFigures, WARMUP_PROMPT } from "./sampling.js";

export interface WholePathRun extends RunFigures {
  /** The engine's own time to first token for the same answer (stored with the message): the part bare also pays. */
  engineTtftMs: number;
}

export interface WholePathSide {
  run(prompt: string, genTokens: number): Promise<WholePathRun>;
  /** A follow-up question in the conversation of the last run: what the engine evaluated for it. */
  followUp(question: string, genTokens: number): Promise<{ promptTokens: number; previousAnswer: string }>;
  stop(): Promise<void>;
}

interface PageTiming {
  start: number;
  firstDrawn: number | null;
  lastDrawn: number | null;
  status: string | null;
}

/**
 * Runs in the page (plain JavaScript: the bench compiles without DOM types). Sends the composer's text with a
 * page-side clock, and times when the newest answer's text first and last changes, until it has a final status.
 */
const SEND_AND_TIME = `new Promise((resolve) => {
  const messages = () => document.querySelectorAll('[data-testid="assistant-message"]');
  const before = messages().length;
  const timing = { start: 0, firstDrawn: null, lastDrawn: null, status: null };
  let lastLength = 0;
  const observer = new MutationObserver(() => {
    const all = messages();
    if (all.length <= before) return;
    const last = all[all.length - 1];
    const reasoning = last.querySelector('[data-testid="reasoning-text"]')?.textContent ?? "";
    const answer = last.querySelector('[data-testid="answer"]')?.textContent ?? "";
    const length = reasoning.length + answer.length;
    const now = performance.now();
    if (length > lastLength) {
      timing.firstDrawn ??= now;
      timing.lastDrawn = now;
      lastLength = length;
    }
    const status = last.getAttribute("data-status");
    if (status && status !== "streaming" && status !== "pending" && timing.firstDrawn !== null) {
      timing.status = status;
      observer.disconnect();
      resolve(timing);
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  const composer = document.querySelector('textarea[aria-label="Message"]');
  timing.start = performance.now();
  composer.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", code: "Enter", bubbles: true }));
})`;

async function prepareConversation(page: Page, genTokens: number): Promise<void> {
  await page.getByRole("button", { name: "New chat" }).click();
  await page.getByRole("button", { name: "Conversation settings", exact: true }).click();
  await page.getByLabel("Max tokens").fill(String(genTokens));
  await page.getByRole("button", { name: "Conversation settings", exact: true }).click();
}

async function ask(page: Page, text: string): Promise<PageTiming> {
  await page.getByLabel("Message").fill(text);
  const timing = (await page.evaluate(SEND_AND_TIME)) as PageTiming;
  if (timing.status === "error") throw new Error("the answer ended in an error");
  return timing;
}

/** The newest assistant message's stored metrics, read back through the page's own client. */
async function lastMetrics(
  app: WebApp,
): Promise<{ promptTokens: number; generated: number; answer: string; ttftMs: number | null }> {
  const call = async (channel: string, payload: unknown) => {
    const url = new URL(app.url);
    const socket = await connectContract({ port: Number(url.port), token: app.token, origin: app.origin } as never);
    try {
      const result = await socket.invoke(channel, payload);
      if (!result.ok) throw new Error(result.error.message);
      return result.data as never;
    } finally {
      socket.close();
    }
  };
  const list = (await call("history.list", { limit: 1 })) as { conversations: { id: string }[] };
  const thread = (await call("history.thread", { conversationId: list.conversations[0]!.id })) as {
    messages: {
      role: string;
      content: string;
      metrics: { promptTokens: number; reasoningTokens: number; answerTokens: number; ttftMs: number | null } | null;
    }[];
  };
  const message = thread.messages.filter((m) => m.role === "assistant").at(-1)!;
  const m = message.metrics!;
  return {
    promptTokens: m.promptTokens,
    generated: m.reasoningTokens + m.answerTokens,
    answer: message.content,
    ttftMs: m.ttftMs,
  };
}

export async function startWholePath(file: string, modelName: string, threads?: number): Promise<WholePathSide> {
  const env: Record<string, string> = threads ? { INKSTONE_ENGINE_THREADS: String(threads) } : {};
  const app = await startWebApp({ models: { [modelName]: file }, env });
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(app.url);
    await page.getByRole("navigation").getByRole("button", { name: "Models" }).click();
    const card = page.getByTestId("model-card").filter({ hasText: modelName });
    await card.getByRole("button", { name: "Load", exact: true }).click();
    await card.getByText("Loaded").waitFor({ timeout: 120_000 });
    await page.getByRole("navigation").getByRole("button", { name: "Chat" }).click();
    await prepareConversation(page, 8);
    await ask(page, WARMUP_PROMPT);
    const openBrowser = browser;
    return {
      async run(prompt, genTokens) {
        await prepareConversation(page, genTokens);
        const timing = await ask(page, prompt);
        const stored = await lastMetrics(app);
        const ttftMs = timing.firstDrawn! - timing.start;
        const drawMs = timing.lastDrawn! - timing.firstDrawn!;
        return {
          ttftMs,
          engineTtftMs: stored.ttftMs ?? Number.NaN,
          promptTokens: stored.promptTokens,
          generatedTokens: stored.generated,
          ppTps: (stored.promptTokens * 1000) / ttftMs,
          tgTps: stored.generated > 1 && drawMs > 0 ? ((stored.generated - 1) * 1000) / drawMs : Number.NaN,
        };
      },
      async followUp(question, genTokens) {
        const previous = await lastMetrics(app);
        await page.getByRole("button", { name: "Conversation settings", exact: true }).click();
        await page.getByLabel("Max tokens").fill(String(genTokens));
        await page.getByRole("button", { name: "Conversation settings", exact: true }).click();
        await ask(page, question);
        return { promptTokens: (await lastMetrics(app)).promptTokens, previousAnswer: previous.answer };
      },
      async stop() {
        await openBrowser.close();
        await app.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await app.stop();
    throw error;
  }
}
