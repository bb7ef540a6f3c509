/**
 * Issue 17, items 4 and 9: a walk through every screen, in English and in Chinese, as a new user
 * takes it. Each screen's screenshot is kept (e2e-artifacts/screens); the Chinese walk fails on any
 * Latin word outside an allow-list; neither walk may log a console error (the favicon included).
 */
import { expect, type Page, test } from "@playwright/test";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { answered, ask, goTo, keepScreenshot, loadModel } from "./new-user.js";
import { startWebApp, type WebApp } from "./web-app.js";

let app: WebApp;
test.beforeEach(async () => {
  app = await startWebApp({ models: { "scripted.gguf": ensureModel({ kind: "scripted" }) } });
});
test.afterEach(async () => {
  await app.stop();
});

/** Words a Chinese screen may show in Latin letters: names, units, formats, keys. */
const ALLOWED_LATIN = new Set(
  (
    "Inkstone CUDA Vulkan Metal NVIDIA GGUF gguf Q4_K_M Q8_0 F32 F16 CPU GPU VRAM MB GB KB PDF Word TXT MD PNG JPG " +
    "OCR JSON CSV Markdown LaTeX Ctrl K Enter Shift Esc DeepSeek R1 Distill Qwen 1.5B Hugging Face ModelScope " +
    "English API URL OpenAI Top P p50 p95 JavaScript TypeScript Python docx txt md libvulkan x v " +
    "ms s k tokens inkstone-suite scripted walk walk-math " +
    // other tools and the OpenAI protocol's own names, shown where the local API is explained
    "LM Studio Jan Ollama Bearer reasoning_content reasoning think curl openai " +
    // remote engines' names; N of "N attempts"; LaTeX's \boxed{} where a checker says where it read an answer
    "llama-server llama.cpp vLLM SGLang N boxed"
  ).split(" "),
);

/** The Latin words on screen outside the conversation's own text, paths and file names. */
async function latinWords(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    // what the user and the model wrote is theirs, not the UI's; so are titles made from questions
    // and a model's own name
    const own =
      ".message .answer, .message.user, [data-testid=reasoning-text], .conversation-open, .hit-title, .hit-snippet, pre, code, .katex, textarea, .model-name, .answered-model, title";
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const parts: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement?.closest(own)) parts.push(node.textContent ?? "");
    }
    return parts.join("\n");
  });
  const cleaned = text
    .replace(/\/[\w./-]+/g, " ") // paths
    .replace(/\S+\.(?:gguf|png|pdf|json|docx|txt|md|jpg|dll)\b/gi, " ") // file names
    .replace(/https?:\/\/\S+/g, " ");
  const words = cleaned.match(/[A-Za-z][A-Za-z0-9_.+-]*[A-Za-z0-9]|[A-Za-z]/g) ?? [];
  return [...new Set(words.filter((w) => !ALLOWED_LATIN.has(w)))];
}

const WALK_SUITE = {
  format: "inkstone-suite",
  version: 1,
  id: "walk",
  name: "walk",
  description: "",
  tasks: [
    { id: "walk-math", category: "math", prompt: "What is 15 × 10?", checker: { type: "number", expected: 150 } },
  ],
};

async function walk(page: Page, language: "en" | "zh-CN") {
  test.setTimeout(300_000);
  const zh = language === "zh-CN";
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  const latin: Record<string, string[]> = {};
  const check = async (screen: string) => {
    await keepScreenshot(page, `walk-${screen}`);
    if (zh) latin[screen] = await latinWords(page);
  };

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(app.url);
  await page.getByLabel(/^(Language|语言)$/).selectOption(language);
  await expect(page.locator("html")).toHaveAttribute("lang", language);
  await check("chat-empty");

  await goTo(page, zh ? "模型" : "Models");
  await expect(page.getByTestId("gpu-report")).toBeVisible();
  await check("models");
  await loadModel(page, "scripted.gguf");
  await page.getByLabel(zh ? "模式" : "Mode").selectOption("math");
  await ask(page, zh ? "15 × 10 等于多少?" : "What is 15 × 10?");
  await answered(page);
  await check("chat-answer");
  await page.getByRole("button", { name: zh ? "对话设置" : "Conversation settings" }).click();
  await check("chat-settings");
  await page.getByRole("button", { name: zh ? "对话设置" : "Conversation settings" }).click();
  await goTo(page, zh ? "模型" : "Models");
  await check("models-loaded");

  await goTo(page, zh ? "评测" : "Evaluate");
  await check("evaluate");
  await page.locator(".suite-editor summary").click();
  await page.getByLabel(zh ? "题集 JSON" : "Suite JSON").fill(JSON.stringify(WALK_SUITE));
  await page.getByRole("button", { name: zh ? "保存题集" : "Save suite" }).click();
  await page.locator("select", { has: page.locator('option[value="walk"]') }).selectOption("walk");
  await page.getByLabel("scripted.gguf").check();
  await page.getByLabel(zh ? "每题运行次数" : "Runs per task").fill("1");
  await page.getByRole("button", { name: zh ? "开始评测" : "Run", exact: true }).click();
  await expect(page.getByTestId("results-table")).toBeVisible({ timeout: 90_000 });
  await check("evaluate-results");

  await goTo(page, zh ? "设置" : "Settings");
  await check("settings");
  await page.getByLabel(zh ? "搜索对话" : "Search conversations").fill(zh ? "等于" : "What");
  await expect(page.locator(".search-results li").first()).toBeVisible();
  await check("search");

  if (zh) expect(latin).toEqual(Object.fromEntries(Object.keys(latin).map((k) => [k, []])));
  expect(errors).toEqual([]);
}

test("every screen in English, with no console error", async ({ page }) => {
  await walk(page, "en");
});

test("every screen in Chinese: no English word outside the allow-list, no console error", async ({ page }) => {
  await walk(page, "zh-CN");
});
