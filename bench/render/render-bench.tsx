/**
 * The render benchmark's page: the chat screen's real answer component, fed a long answer at a
 * GPU's pace (tokens arrive in 16 ms batches, as the contract's coalescer sends them). It records
 * how long each batch keeps the main thread busy and reports when done.
 */
import "../../renderer/src/styles/app.css";
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { AssistantMessage } from "../../renderer/src/components/chat/AssistantMessage";
import { i18n } from "../../renderer/src/i18n/i18n";

/**
 * What the streamed text goes into: the answer; the reasoning as shipped (a block per paragraph); or the baseline,
 * the reasoning as one text node (how the panel drew it before), with the same text at the same pace.
 */
export type BenchPart = "answer" | "reasoning" | "reasoning-single-node";

declare global {
  interface Window {
    startBench(options: { tokens: string[]; tokensPerSecond: number; part?: BenchPart }): void;
    resetBench(): void;
    benchResult?: { batchMs: number[]; longTasks: number[]; wallMs: number; chars: number };
  }
}

let push: (text: string) => void = () => {};
let finishStream: () => void = () => {};
let reset: (part: BenchPart) => void = () => {};

/** The baseline: the reasoning panel as it drew before, the whole reasoning in one text node. */
function SingleNodeReasoning({ text }: { text: string }) {
  return (
    <article className="message assistant">
      <details className="reasoning" open>
        <summary>Thinking…</summary>
        <div className="reasoning-text">{text.trim()}</div>
      </details>
    </article>
  );
}

function Harness() {
  const [text, setText] = useState("");
  const [streaming, setStreaming] = useState(true);
  const [part, setPart] = useState<BenchPart>("answer");
  useEffect(() => {
    push = (chunk) => setText((a) => a + chunk);
    finishStream = () => setStreaming(false);
    reset = (next) => {
      setText("");
      setStreaming(true);
      setPart(next);
    };
  }, []);
  if (part === "reasoning-single-node") return <SingleNodeReasoning text={text} />;
  const thinking = part === "reasoning";
  return (
    <AssistantMessage
      answer={thinking ? "" : text}
      reasoning={thinking ? text : "Working through the problem."}
      streaming={thinking || streaming}
      status={streaming ? "streaming" : "complete"}
      error={null}
      metrics={null}
      reasoningSeconds={1}
      reasoningTokens={5}
    />
  );
}

const afterCommit = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    requestAnimationFrame(() => channel.port2.postMessage(null));
  });

window.resetBench = () => {
  window.benchResult = undefined;
  reset("answer");
};

window.startBench = ({ tokens, tokensPerSecond, part = "answer" }) => {
  reset(part);
  const longTasks: number[] = [];
  const perBatch = Math.max(1, Math.round((tokensPerSecond * 16) / 1000));
  const batchMs: number[] = [];
  const start = performance.now();
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      longTasks.push(entry.duration);
      console.log(
        `longtask ${entry.duration.toFixed(0)} ms at ${(entry.startTime - start).toFixed(0)} ms, batch ${batchMs.length} of ${Math.ceil(tokens.length / perBatch)}`,
      );
    }
  });
  observer.observe({ type: "longtask", buffered: false });
  let index = 0;
  const step = async () => {
    if (index >= tokens.length) {
      finishStream();
      await afterCommit();
      await new Promise((r) => setTimeout(r, 100)); // let the last long task be reported
      observer.disconnect();
      window.benchResult = { batchMs, longTasks, wallMs: performance.now() - start, chars: tokens.join("").length };
      return;
    }
    const text = tokens.slice(index, index + perBatch).join("");
    index += perBatch;
    const t0 = performance.now();
    push(text);
    await afterCommit();
    batchMs.push(performance.now() - t0);
    setTimeout(step, Math.max(0, 16 - (performance.now() - t0)));
  };
  void step();
};

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <div className="message-list" style={{ height: "100vh" }}>
        <Harness />
      </div>
    </I18nextProvider>
  </StrictMode>,
);
