/** The one answer reader: final answers, logic verdicts and code blocks, for the chat and the Evaluate checkers. */

export {
  type Agreement,
  type AnswerGroup,
  agreeOnAnswers,
  attemptAnswerKey,
  finalAnswerKey,
  groupByKey,
} from "./agreement.js";
export { type CheckInput, type CheckOutput, checkLine } from "./check-line.js";
export { type CodeBlock, codeBlocksIn, extractCodeBlocks, runnableLanguage } from "./code-blocks.js";
export { type FinalAnswer, type FinalSource, readFinalAnswer } from "./final-answer.js";
export { checkMath, describeMathCheck, type MathCheck, type MathStatus, type NotCheckedReason } from "./math-check.js";
export { type AnswerValue, formatNumber, plainValue, readValues } from "./values.js";
export { readVerdict, type Verdict } from "./verdict.js";
