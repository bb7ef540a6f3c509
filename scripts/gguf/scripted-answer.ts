/**
 * What the scripted test model says, to any prompt, with greedy sampling: this reasoning, then
 * `</think>`, then this answer, then end-of-sequence. Each unit is one token of the model, so every
 * unit's text must be unique. Tests import the expected text from here.
 */
export const REASONING_UNITS = [
  "The rectangle's length is 5 cm more than its width.\n",
  "Its perimeter is 50 cm, so length + width = 25 cm.\n",
  "Then width = 10 cm and length = 15 cm.\n",
  "So the area is 15 × 10 = 150 cm².\n",
] as const;

export const ANSWER_UNITS = [
  "\n\n**Solution**\n\n",
  "- Width: 10 cm\n",
  "- Length: 15 cm [p. 2]\n\n",
  "| Quantity | Value |\n",
  "| --- | --- |\n",
  "| Width | 10 cm |\n",
  "| Length | 15 cm |\n",
  "| Area | 150 cm² |\n\n",
  "$$\n",
  "A = 15 \\times 10 = \\boxed{150}\n",
  "$$\n\n",
  "```python\n",
  "def area(width, length):\n",
  "    return width * length\n",
  "```\n\n",
  "答案:面积是 150 平方厘米。",
] as const;

export const SCRIPT_REASONING = REASONING_UNITS.join("");
export const SCRIPT_ANSWER = ANSWER_UNITS.join("");
/** Tokens the model generates after the prompt's `<think>\n`: the reasoning, `</think>`, the answer (EOS not counted). */
export const SCRIPT_TOKENS_AFTER_THINK = REASONING_UNITS.length + 1 + ANSWER_UNITS.length;
