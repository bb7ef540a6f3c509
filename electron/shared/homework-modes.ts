/**
 * Homework modes: presets that set what the model is asked (an instruction added to the question
 * as the model sees it, not to the stored text), its sampling, and how the answer is shown.
 */
import { z } from "zod";

export const homeworkModes = ["general", "math", "code", "logic"] as const;
export const homeworkModeSchema = z.enum(homeworkModes);
export type HomeworkMode = (typeof homeworkModes)[number];

export interface ModePreset {
  /** Added after the question (DeepSeek-R1 follows instructions in the user turn best). */
  instruction: string | null;
  temperature: number;
  topP: number;
}

export const modePresets: Record<HomeworkMode, ModePreset> = {
  general: { instruction: null, temperature: 0.6, topP: 0.95 },
  math: {
    instruction: "Please reason step by step, and put your final answer within \\boxed{}.",
    temperature: 0.6,
    topP: 0.95,
  },
  code: {
    instruction:
      "Answer with JavaScript or TypeScript in one fenced code block that defines the function(s) asked for; no input reading and no printing.",
    temperature: 0.5,
    topP: 0.9,
  },
  logic: {
    instruction:
      "Start your answer with one line: 'Verdict: Yes', 'Verdict: No' or 'Verdict: Cannot be determined'. Then explain your reasoning.",
    temperature: 0.5,
    topP: 0.95,
  },
};

/** The question as the model should see it in this mode. */
export function withModeInstruction(question: string, mode: HomeworkMode | undefined): string {
  const instruction = modePresets[mode ?? "general"].instruction;
  return instruction ? `${question}\n\n${instruction}` : question;
}
