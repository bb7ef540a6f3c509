/**
 * Code mode's test runs, per answer: the tests the user wrote and their results. Kept here, not in
 * components, so they survive the message list unmounting answers scrolled out of view.
 */
import { create } from "zustand";
import type { Contract } from "../../../electron/shared/contract/index";
import type { ResponseOf } from "../../../electron/shared/contract-kit";
import type { SandboxLanguage } from "../../../electron/shared/sandbox-codes";
import { getClient } from "../client/instance";

export type CodeRunOutcome = ResponseOf<Contract, "homework.runCode">;

export interface CodeRunState {
  tests: string;
  running: boolean;
  outcome: CodeRunOutcome | null;
  error: string | null;
}

const idle: CodeRunState = { tests: "", running: false, outcome: null, error: null };

/** Python's engine takes seconds to load the first time; the panel says so meanwhile. */
export type PythonState = "cold" | "preparing" | "ready";

interface HomeworkState {
  runs: Record<string, CodeRunState>;
  python: PythonState;
  /** Loads Python's engine ahead of a run (once per launch). */
  preparePython(): Promise<void>;
  runOf(messageId: string): CodeRunState;
  setTests(messageId: string, tests: string): void;
  run(messageId: string, code: string, language: SandboxLanguage): Promise<void>;
}

export const useHomeworkStore = create<HomeworkState>()((set, get) => {
  const patch = (id: string, change: Partial<CodeRunState>) =>
    set({ runs: { ...get().runs, [id]: { ...get().runOf(id), ...change } } });
  return {
    runs: {},
    python: "cold",
    async preparePython() {
      if (get().python !== "cold") return;
      set({ python: "preparing" });
      try {
        await getClient().call("homework.prepareCode", { language: "python" });
        set({ python: "ready" });
      } catch {
        set({ python: "cold" }); // the run itself will report why
      }
    },
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
      if (language === "python" && get().python === "cold") set({ python: "preparing" });
      try {
        patch(id, { outcome: await getClient().call("homework.runCode", { code, language, tests }) });
        if (language === "python") set({ python: "ready" });
      } catch (error) {
        patch(id, { error: (error as Error).message, outcome: null });
      } finally {
        patch(id, { running: false });
      }
    },
  };
});
