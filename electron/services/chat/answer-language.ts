/**
 * The language an answer should be in: the question's, else the app's. DeepSeek-R1's distills mix
 * English into Chinese answers unless asked; the model card advises no system prompt, so the
 * request goes in the user turn, after the question (and after a homework mode's instruction).
 */
import type { HomeworkMode } from "../../shared/homework-modes.js";

export type AnswerLanguage = "zh" | "en";

const HAN = /\p{Script=Han}/gu;
const LATIN = /[A-Za-z]/g;

/** "zh" or "en" when the text says so; null for a question with no words (a formula, say). */
export function questionLanguage(text: string): AnswerLanguage | null {
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  if (han === 0 && latin < 3) return null;
  // a Chinese character carries about as much as a short English word (3-4 letters)
  return han * 3 >= latin ? "zh" : "en";
}

export function answerLanguage(question: string, uiLanguage: string | null | undefined): AnswerLanguage {
  return questionLanguage(question) ?? (uiLanguage?.startsWith("zh") ? "zh" : "en");
}

export const CHINESE_ANSWER_INSTRUCTION = "请用简体中文回答。";

/** The question as the model sees it, asking for a Chinese answer in a Chinese conversation. */
export function withLanguageInstruction(
  prompt: string,
  language: AnswerLanguage,
  mode: HomeworkMode | undefined,
): string {
  if (language !== "zh") return prompt;
  // logic mode's verdict line is read by the app in English
  const verdict = mode === "logic" ? "第一行的 Verdict 保持英文。" : "";
  return `${prompt}\n\n${CHINESE_ANSWER_INSTRUCTION}${verdict}`;
}
