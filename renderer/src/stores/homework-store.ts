/**
 * Code mode's test runs, per answer: the tests the user wrote and their results. Kept here, not in
 * components, so they survive the message list unmounting answers scrolled out of view.
 */
import { create } from "zustand";
import type { Contract } from "../../../electron/shared/contract";
import type { ResponseOf } from "../../../electron/shared/contract-kit";
import { getClient } from "../client/instance";

export type CodeRunOutcome = ResponseOf<Contract, "homework.runCode">;

export interface CodeRunState {
  tests: string;
  running: boolean;
  outcome: CodeRunOutcome | null;
  error: string | null;
}

const idle: CodeRunState = { tests: "", running: false, outcome: null, error: null };

interface HomeworkState {
  runs: Record<string, CodeRunState>;
  runOf(messageId: string): CodeRunState;
  setTests(messageId: string, tests: string): void;
  run(messageId: string, code: string, language: "javascript" | "typescript"): Promise<void>;
}

export const useHomeworkStore = create<HomeworkState>()((set, get) => {
  const patch = (id: string, change: Partial<CodeRunState>) =>
    set({ runs: { ...get().runs, [id]: { ...get().runOf(id), ...change } } });
  return {
    runs: {},
    runOf: (id) => get().runs[id] ?? idle,
    setTests: (id, tests) => patch(id, { tests }),
    async run(id, code, language) {
      const tests = get()
        .runOf(id)
        .tests.split("\n")
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith("//"));
      if (tests.length === 0) return;
      patch(id, { running: true, error: null });
      try {
        patch(id, { outcome: await getClient().call("homework.runCode", { code, language, tests }) });
      } catch (error) {
        patch(id, { error: (error as Error).message, outcome: null });
      } finally {
        patch(id, { running: false });
      }
    },
  };
});
