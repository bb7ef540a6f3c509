/** What a recognised math question expects: the value(s), the work, and what the form used of the question. */
export interface Expectation {
  /** single: one value; set: all of these values (roots), in any order. */
  kind: "single" | "set";
  /** Acceptable answers: the exact one first, then the same computed with π ≈ 3.14 and the like. */
  alternatives: number[][];
  /** What was computed, in math notation: "2x + 3 = 11 ⇒ x = 4 ⇒ 4x = 16". */
  work: string;
  /** How many of the question's numbers the form used: all must be, or the form is not claimed. */
  consumed: number;
  /** The unknown asked for, when the answer may name it ("x = 4"); an answer naming another variable is not checked. */
  unknown?: string;
  /** For a system: the unknowns in the order an unnamed pair lists them. */
  names?: string[];
}
