/** What a homework mode adds around a stored answer: the verdict above it, the checked result or the tests below. */
import type { ReactNode } from "react";
import type { ThreadMessage } from "../../../electron/shared/history-schemas";
import type { HomeworkMode } from "../../../electron/shared/homework-modes";
import { CodeTests } from "../components/homework/CodeTests";
import { MathResult } from "../components/homework/MathResult";
import { VerdictBadge } from "../components/homework/VerdictBadge";
import { useHomeworkStore } from "../stores/homework-store";

function CodeTestsFor({ messageId, answer }: { messageId: string; answer: string }) {
  const run = useHomeworkStore((s) => s.runs[messageId]) ?? useHomeworkStore.getState().runOf(messageId);
  const python = useHomeworkStore((s) => s.python);
  const { setTests, run: runTests, preparePython } = useHomeworkStore.getState();
  return (
    <CodeTests
      answer={answer}
      run={run}
      python={python}
      onPreparePython={() => void preparePython()}
      onTestsChange={(tests) => setTests(messageId, tests)}
      onRun={(code, language) => void runTests(messageId, code, language)}
    />
  );
}

export function homeworkParts(
  mode: HomeworkMode,
  answer: ThreadMessage,
  question: string,
): { above?: ReactNode; below?: ReactNode } {
  if (answer.status !== "complete" && answer.status !== "stopped") return {};
  switch (mode) {
    case "logic":
      return { above: <VerdictBadge answer={answer.content} streaming={false} /> };
    case "math":
      return { below: <MathResult question={question} answer={answer.content} /> };
    case "code":
      return { below: <CodeTestsFor messageId={answer.id} answer={answer.content} /> };
    default:
      return {};
  }
}
