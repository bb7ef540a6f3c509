/**
 * Remote engines end to end: Settings → Engines (preset command, Test connection naming the
 * failure, add), a conversation answered on the server (reasoning panel, \boxed{150}), the status
 * bar and the sidebar saying so, Stop; the Evaluate screen running the seed suite on the server, its results labeled
 * with it beside a local run. First against a fake OpenAI-compatible server (always), then
 * against a real llama-server serving the scripted model (skipped, saying why, when not built).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { delta, type FakeServer, startFakeOpenAI, streamOf } from "../electron/test/fake-openai-server.js";
import {
  LLAMA_SKIP_REASON,
  type LlamaServer,
  llamaServerBin,
  startLlamaServer,
} from "../electron/test/llama-server.js";
import { ensureModel } from "../scripts/gguf/model-cache.js";
import { startWebApp, type WebApp } from "./web-app.js";

let app: WebApp;
test.beforeEach(async () => {
  app = await startWebApp();
});
test.afterEach(async () => {
  await app.stop();
});

async function addServer(page: Page, preset: string, url: string, model: string, key: string) {
  await page.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
  const form = page.getByTestId("engine-form").last();
  await form.getByRole("combobox", { name: "Server", exact: true }).selectOption({ label: preset });
  await form.getByLabel("Address", { exact: true }).fill(url);
  await form.getByLabel("Model", { exact: true }).fill(model);
  await form.getByLabel("API key", { exact: true }).fill(key);
  await form.getByRole("button", { name: "Test connection" }).click();
  await expect(form.getByTestId("engine-test-result")).toContainText(`Connected to ${new URL(url).host}`);
  await form.getByRole("button", { name: "Add server" }).click();
  await expect(page.getByTestId("engine-row")).toHaveCount(1);
}

async function askOn(page: Page, host: string, text: string, options: { greedy?: boolean; temperature?: string } = {}) {
  await page.getByRole("navigation").getByRole("button", { name: "Chat" }).click();
  const select = page.getByTestId("engine-select");
  const label = await select.locator("option", { hasText: host }).textContent();
  await select.selectOption({ label: label! });
  await expect(page.getByTestId("network-state")).toHaveText(`Answers computed on ${host}`);
  if (options.greedy || options.temperature) {
    // the generated models are scripted for greedy sampling: a sampled odd token is not what these tests are about
    const slider = page.getByRole("slider", { name: /Temperature/ });
    if (!(await slider.isVisible())) await page.getByRole("button", { name: "Conversation settings" }).click();
    await slider.fill(options.temperature ?? "0");
  }
  const composer = page.getByLabel("Message");
  await composer.fill(text);
  await composer.press("Enter");
}

test.describe("against a fake OpenAI-compatible server", () => {
  let fake: FakeServer;
  test.beforeEach(async () => {
    fake = await startFakeOpenAI({ apiKey: "sk-class" });
  });
  test.afterEach(async () => {
    await fake.close();
  });

  test("Settings → Engines: none until added, the preset's command, a failure named, then a remote answer", async ({
    page,
  }) => {
    await page.goto(app.url);
    await expect(page.getByTestId("network-state")).toHaveText("Offline");
    await page.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
    await expect(page.getByTestId("engines-none")).toBeVisible();
    const form = page.getByTestId("engine-form");
    await form.getByRole("combobox", { name: "Server", exact: true }).selectOption({ label: "vLLM" });
    await expect(form.getByTestId("engine-command")).toContainText("--reasoning-parser deepseek_r1");
    await form.getByLabel("Address", { exact: true }).fill(`${fake.url}/v1`);
    await form.getByLabel("Model", { exact: true }).fill("fake-r1");
    await form.getByLabel("API key", { exact: true }).fill("wrong");
    await form.getByRole("button", { name: "Test connection" }).click();
    await expect(form.getByTestId("engine-test-result")).toContainText("refused the API key (HTTP 401)");
    await form.getByLabel("API key", { exact: true }).fill("sk-class");
    await form.getByRole("button", { name: "Test connection" }).click();
    await expect(form.getByTestId("engine-test-result")).toContainText("fake-r1");
    await form.getByRole("button", { name: "Add server" }).click();
    // web mode has no keychain: the key is kept for this launch only, and says so
    await expect(page.getByTestId("engine-row")).toContainText("only until Inkstone closes");

    const host = new URL(fake.url).host;
    fake.replies = [
      {
        steps: streamOf([
          ["reasoning_content", "50 km/h × 3 h = 150 km."],
          ["content", "The distance is $\\boxed{150}$ km."],
        ]),
      },
    ];
    await askOn(page, host, "A car drives 3 hours at 50 km/h. How far?");
    const answer = page.getByTestId("assistant-message").last();
    await expect(answer).toHaveAttribute("data-status", "complete");
    await expect(answer.getByTestId("reasoning-text")).toHaveText(/150 km/);
    await expect(answer.locator(".katex")).toContainText("150");
    await expect(page.getByTestId("remote-mark").first()).toContainText(host);
    expect(fake.received.at(-1)!.authorization).toBe("Bearer sk-class");
    // each answer says which server and model wrote it, a regenerated one too
    await expect(answer.getByTestId("answered-by")).toHaveText(`vLLM @ ${host} · fake-r1`);
    fake.replies = [{ steps: streamOf([["content", "</think>Again: $\\boxed{150}$ km."]]) }];
    await answer.getByRole("button", { name: "Regenerate" }).click();
    const regenerated = page.getByTestId("assistant-message").last();
    await expect(regenerated).toContainText("Again:");
    await expect(regenerated).toHaveAttribute("data-status", "complete");
    await expect(regenerated.getByTestId("answered-by")).toHaveText(`vLLM @ ${host} · fake-r1`);

    // a drop mid-answer: named, and what arrived is kept
    fake.replies = [{ steps: [{ data: delta({ content: "</think>Partial ans" }) }, { wait: 100 }, { drop: true }] }];
    await page.getByLabel("Message").fill("Again?");
    await page.getByLabel("Message").press("Enter");
    await expect(
      page.getByRole("alert").filter({ hasText: "dropped in the middle of the answer" }).first(),
    ).toBeVisible();
    await expect(page.getByTestId("assistant-message").last()).toContainText("Partial ans");
  });

  test("Evaluate: the seed suite run on the server, labeled with it, beside a local run; a 401 named", async ({
    page,
  }) => {
    // a run of the local model, as an earlier Evaluate run leaves it (the local model itself is evaluate.spec's)
    await mkdir(path.join(app.dataDir, "evaluations"), { recursive: true });
    await writeFile(path.join(app.dataDir, "evaluations", "local-run.json"), JSON.stringify(LOCAL_RUN));
    const host = new URL(fake.url).host;
    await page.goto(app.url);
    await addServer(page, "vLLM", `${fake.url}/v1`, "fake-r1", "sk-class");
    const boxed = streamOf([
      ["reasoning_content", "50 km/h × 3 h = 150 km."],
      ["content", "The distance is $\\boxed{150}$ km."],
    ]);
    // the server is busy at first (tried again after the 2 s it asks for): the retry is shown, and the status bar
    // says where the answers are computed while the run goes on
    fake.replies = [
      { status: 503, headers: { "retry-after": "2" }, json: { error: { message: "Loading model" } } },
      { steps: boxed },
    ];
    await page.getByRole("navigation").getByRole("button", { name: "Evaluate" }).click();
    const engine = page.getByTestId("eval-engine-select");
    await expect(engine.locator("option").first()).toHaveText("This computer (choose the models below)");
    await engine.selectOption({ label: `fake-r1 on ${host} (vLLM)` });
    await expect(page.getByTestId("eval-engine-note")).toContainText(`go to ${host}`);
    await page.getByLabel("Runs per task").fill("1");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect(page.getByTestId("eval-notice")).toHaveText(
      `The server at ${host} is busy or loading (HTTP 503): trying again in 2 s (try 2 of 4).`,
    );
    await expect(page.getByTestId("network-state")).toHaveText(`Answers computed on ${host}`);
    const table = page.getByTestId("results-table");
    await expect(table).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId("run-server")).toHaveText(`fake-r1 on ${host} (vLLM)`);
    await expect(table.locator("tr", { hasText: "math-rectangle-zh" })).toContainText(`fake-r1 @ ${host}`);
    await expect(table.locator("tr", { hasText: "math-rectangle-zh" })).toContainText("100%");
    await expect(table.locator("tr.overall")).toContainText("3%"); // 1 of 33, as on the local scripted model
    // the run is over: nothing is computed elsewhere any more
    await expect(page.getByTestId("network-state")).toHaveText("Offline");
    // the 33 questions, the first of them twice (after the 503)
    expect(fake.received.filter((r) => r.path === "/v1/chat/completions")).toHaveLength(34);

    // side by side with the local run: each says where its answers were computed
    const compare = page.getByLabel("Compare with");
    const localLabel = await compare.locator("option", { hasText: "scripted" }).textContent();
    await compare.selectOption({ label: localLabel! });
    await expect(page.getByTestId("results-table")).toHaveCount(2);
    await expect(page.getByTestId("run-engine").nth(0)).toContainText(`fake-r1 on ${host} (vLLM)`);
    await expect(page.getByTestId("run-engine").nth(1)).toContainText("This computer · CPU");
    await page.getByLabel("Language").selectOption("zh-CN");
    await expect(page.getByTestId("run-server")).toHaveText(`${host} 上的 fake-r1（vLLM）`);
    await page.getByLabel("语言").selectOption("en");

    // the server refuses the key mid-way: named as in the chat, the run kept as failed
    fake.replies = [{ status: 401, json: { error: { message: "Invalid API Key", code: 401 } } }];
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect(
      page.getByRole("alert").filter({ hasText: `The server at ${host} refused the API key (HTTP 401)` }),
    ).toBeVisible();
    await expect(page.getByTestId("run-fault")).toContainText("refused the API key (HTTP 401)");
  });
});

/** A finished run of the local scripted model on the seed suite (one attempt is enough to compare against). */
const LOCAL_RUN = {
  id: "local-run",
  suiteId: "seed",
  suiteName: "Math, code and logic (seed)",
  startedAt: Date.now() - 3_600_000,
  finishedAt: Date.now() - 3_500_000,
  status: "complete",
  variants: ["scripted"],
  repetitions: 1,
  backend: "cpu",
  attempts: [
    {
      taskId: "math-rectangle-zh",
      category: "math",
      variant: "scripted",
      repetition: 0,
      correct: true,
      extracted: "150",
      detail: "expected 150; read 150 (boxed)",
      answer: "$\\boxed{150}$",
      reasoningChars: 40,
      ttftMs: 120,
      ttfatMs: 900,
      totalMs: 1400,
      reasoningTokens: 20,
      answerTokens: 8,
      tokensPerSecond: 20,
      error: null,
      finishReason: "end",
    },
  ],
  error: null,
};

test.describe("against a real llama-server", () => {
  const binary = llamaServerBin();
  test.skip(binary === null, LLAMA_SKIP_REASON);
  let server: LlamaServer | null = null;
  test.afterEach(async () => {
    await server?.stop();
    server = null;
  });

  test("the scripted model answers with its reasoning apart and \\boxed{150}", async ({ page }) => {
    server = await startLlamaServer(binary!, ensureModel({ kind: "scripted" }));
    await page.goto(app.url);
    await addServer(page, "llama.cpp llama-server", `${server.url}/v1`, "", server.apiKey);
    await askOn(page, new URL(server.url).host, "一个矩形的长比宽多 5cm,周长为 50cm,求面积。", {
      greedy: true,
    });
    const answer = page.getByTestId("assistant-message").last();
    await expect(answer).toHaveAttribute("data-status", "complete", { timeout: 60_000 });
    await expect(answer.getByTestId("reasoning-text")).toHaveText(/So the area is 15 × 10 = 150 cm²/);
    await expect(answer.locator(".katex-display .katex")).toContainText("150");
    await expect(answer.getByTestId("answer")).not.toContainText("</think>");
  });

  test("a loop in the server's reasoning is stopped, and Answer now answers from the cut thought", async ({ page }) => {
    // the ruminating model thinks in circles until something closes its thought, then answers the script
    server = await startLlamaServer(binary!, ensureModel({ kind: "ruminating" }));
    await page.goto(app.url);
    await addServer(page, "llama.cpp llama-server", `${server.url}/v1`, "", server.apiKey);
    await askOn(page, new URL(server.url).host, "Which is larger, 9.11 or 9.8?", { greedy: true });
    const answer = page.getByTestId("assistant-message").last();
    await expect(answer).toHaveAttribute("data-status", "stopped", { timeout: 60_000 });
    await expect(answer.getByTestId("status-line")).toHaveText("Stopped: the model was repeating itself");
    await answer.getByRole("button", { name: "Answer now" }).click();
    await expect(answer).toHaveAttribute("data-status", "complete", { timeout: 60_000 });
    await expect(answer.getByTestId("answer")).toContainText("Width: 10 cm");
    await expect(answer.getByTestId("answer")).not.toContainText("think>");
    await expect(answer.getByTestId("reasoning-cut")).toContainText("cut short");
    await expect(answer.getByTestId("reasoning-text")).toContainText("Time is up; I will answer with what I have.");
    await expect(page.getByTestId("assistant-message")).toHaveCount(1);
  });

  test("Stop closes the request and keeps the partial answer", async ({ page }) => {
    // the random model thinks on at temperature 1 (readable letters, no loop for loop detection to stop; the
    // endless model's looping answer would be stopped as a loop before Stop could be pressed)
    server = await startLlamaServer(binary!, ensureModel({ kind: "random" }));
    await page.goto(app.url);
    await addServer(page, "llama.cpp llama-server", `${server.url}/v1`, "", server.apiKey);
    const host = new URL(server.url).host;
    const stopWhileThinking = async () => {
      const answer = page.getByTestId("assistant-message").last();
      const thought = answer.getByTestId("reasoning-text");
      await expect
        .poll(async () => (await thought.textContent())?.length ?? 0, { timeout: 60_000 })
        .toBeGreaterThan(200);
      await page.getByLabel("Message").press("Escape");
      await expect(answer).toHaveAttribute("data-status", "stopped");
      await expect(answer.getByTestId("status-line")).toHaveText("Stopped");
      expect((await thought.textContent())?.length).toBeGreaterThan(200);
    };
    await askOn(page, host, "Go on forever", { temperature: "1" });
    await stopWhileThinking();
    // the request was closed: the server's only slot (-np 1) is free, so the next question starts at once
    await page.getByRole("button", { name: "New chat" }).click();
    await askOn(page, host, "Once more", { temperature: "1" });
    await stopWhileThinking();
  });
});
