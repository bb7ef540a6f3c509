/**
 * Math mode's check, in three outcomes: checked ✓ (with what was checked), does not check out ✗ (with the
 * evidence), or not checked. It says ✗ only when it is certain: the question is one of the forms it knows
 * (see forms.ts), every number of the question is used, and the final answer was read without guessing.
 */
import { type FinalAnswer, readFinalAnswer } from "./final-answer.js";
import { type Expectation, recognise } from "./forms.js";
import { readQuestion } from "./question.js";
import { normaliseUnit, unitsIn } from "./units.js";
import type { AnswerValue } from "./values.js";

export type MathStatus = "checked" | "does_not_check" | "not_checked";
export type NotCheckedReason = "no_answer" | "not_numeric" | "unsupported" | "uncertain";

export interface MathCheck {
  status: MathStatus;
  final: FinalAnswer | null;
  /** What was computed, in math notation (the same in every language): "2x + 3 = 11 ⇒ x = 4 ⇒ 4x = 16". */
  work: string | null;
  reason: NotCheckedReason | null;
}

function tolerance(value: AnswerValue, expected: number, places: number | null): number {
  if (places !== null) return 0.5 * 10 ** -places + 1e-9;
  // an answer written to d decimals claims that precision: 5.67 (or 5.66) for 17/3 is not wrong
  if (value.decimals !== null && value.decimals > 0) return 10 ** -value.decimals * (1 + 1e-9);
  return 1e-9 * Math.max(1, Math.abs(expected));
}

function matches(value: AnswerValue, expected: number, places: number | null): boolean {
  if (value.value === null) return false;
  const candidates = value.percent ? [value.value, value.value / 100] : [value.value];
  return candidates.some((v) => Math.abs(v - expected) <= tolerance(value, expected, places));
}

/** All roots given: true; a value that is no root: false; only some of the roots: null (the question may pick one). */
function setMatches(values: AnswerValue[], expected: number[], places: number | null): boolean | null {
  if (!values.every((v) => expected.some((e) => matches(v, e, places)))) return false;
  return expected.every((e) => values.some((v) => matches(v, e, places))) ? true : null;
}

/** A whole number for a value that is not one (28 for 9π) is a rounding the question did not ask for: not judged. */
function roundedWhole(value: AnswerValue, expected: number): boolean {
  return (
    value.decimals === 0 && !Number.isInteger(Number(expected.toFixed(9))) && Math.abs(value.value! - expected) < 1
  );
}

/** Whether the answer gives what was expected: true, false, or null when it cannot say for sure. */
function compare(final: FinalAnswer, expectation: Expectation, places: number | null): boolean | null {
  const { values } = final;
  if (expectation.names) {
    if (values.length !== 2) return null;
    const named = values.every((v) => v.name !== null);
    const ordered = named ? expectation.names.map((n) => values.find((v) => v.name === n)) : values;
    if (ordered.some((v) => v === undefined)) return null;
    const [x, y] = expectation.alternatives[0]! as [number, number];
    return matches(ordered[0]!, x, places) && matches(ordered[1]!, y, places);
  }
  if (final.variable !== null && expectation.unknown === undefined && values.length === 1) {
    // "x = 4" when the question asks for 4x answers another question: not ours to call wrong
    if (values[0]!.name !== null && /^[a-z]$/.test(values[0]!.name)) return null;
  }
  if (expectation.unknown !== undefined && values.some((v) => v.name !== null && v.name !== expectation.unknown))
    return null;
  if (expectation.kind === "single") {
    if (values.length !== 1) return null;
    if (expectation.alternatives.some((alt) => matches(values[0]!, alt[0]!, places))) return true;
    return places === null && roundedWhole(values[0]!, expectation.alternatives[0]![0]!) ? null : false;
  }
  const outcomes = expectation.alternatives.map((alt) => setMatches(values, alt, places));
  return outcomes.includes(true) ? true : outcomes.includes(null) ? null : false;
}

export function checkMath(question: string, answer: string): MathCheck {
  const final = readFinalAnswer(answer);
  const notChecked = (reason: NotCheckedReason, work: string | null = null): MathCheck => ({
    status: "not_checked",
    final,
    work,
    reason,
  });
  if (!final) return notChecked("no_answer");
  if (final.values.some((v) => v.value === null)) return notChecked("not_numeric");
  const q = readQuestion(question);
  if (q.unsupportedRounding) return notChecked("unsupported");
  const expectation = recognise(q);
  if (!expectation) return notChecked("unsupported");
  const questionUnits = unitsIn(question);
  // two units in one question (cm and m, km and h) means a conversion the forms do not model
  if (questionUnits.size > 1) return notChecked("unsupported");
  if (/percent|百分/.test(q.lower)) for (const v of final.values) v.percent = true;
  const unitless = final.values.every((v) => v.unit === null || unitInQuestion(v.unit, questionUnits));
  const verdict = unitless ? compare(final, expectation, q.places) : null;
  if (q.places !== null && expectation.kind === "single") {
    expectation.work += ` ≈ ${expectation.alternatives[0]![0]!.toFixed(q.places)}`;
  }
  if (verdict === true) return { status: "checked", final, work: expectation.work, reason: null };
  if (verdict === false && final.certain)
    return { status: "does_not_check", final, work: expectation.work, reason: null };
  return notChecked("uncertain", expectation.work);
}

/** An answer in a unit the question does not use (m² for a question in cm) may be right: it is not compared. */
function unitInQuestion(unit: string, questionUnits: Set<string>): boolean {
  const normalised = normaliseUnit(unit.split(/[\s/]/)[0] ?? "");
  return normalised === null || questionUnits.has(normalised); // "apples", "个": what is counted, not a unit
}

/** The check in one English sentence (the CLI's `detail`). */
export function describeMathCheck(check: MathCheck): string {
  const read = check.final ? ` (read ${check.final.final})` : "";
  switch (check.status) {
    case "checked":
      return `checked: ${check.work} ✓`;
    case "does_not_check":
      return `does not check out: ${check.work}, not ${check.final?.final}`;
    default:
      return `not checked: ${
        {
          no_answer: "no final answer found",
          not_numeric: "the answer is not a number",
          unsupported: "the question is not one of the forms checked automatically",
          uncertain: `the answer could not be compared with certainty${check.work ? ` (${check.work})` : ""}`,
        }[check.reason ?? "unsupported"]
      }${read}`;
  }
}
