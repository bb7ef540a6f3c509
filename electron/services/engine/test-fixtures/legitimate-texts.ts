/**
 * Texts that repeat themselves on purpose and are not loops: the loop detector must leave them
 * alone. Each is what a good answer or a quoted document really looks like.
 */

const tableOfValues = [
  "Here is a table of values for f(x) = x² − 3x + 2:\n\n| x | f(x) |\n| --- | --- |",
  ...Array.from({ length: 40 }, (_, i) => `| ${i - 10} | ${(i - 10) ** 2 - 3 * (i - 10) + 2} |`),
  "\nThe roots are x = 1 and x = 2.",
].join("\n");

const multiplicationTable = Array.from({ length: 9 }, (_, a) =>
  Array.from({ length: 9 }, (_, b) => `${a + 1} × ${b + 1} = ${(a + 1) * (b + 1)}`).join("\n"),
).join("\n\n");

const chorus =
  "Row, row, row across the river, carry all the lanterns home,\nsing it louder, sing it longer, no one ever rows alone.\n";
const song = [
  "The document quotes the song in full:\n\n",
  "Verse 1:\nThe morning fog is on the water and the boats are tied in rows,\n",
  "the fisher's daughter mends the netting where the cold north river flows.\n\n",
  `Chorus:\n${chorus}${chorus}\n`,
  "Verse 2:\nThe evening bell is ringing softly and the nets are on the shore,\n",
  "the lanterns light the narrow harbour like they always did before.\n\n",
  `Chorus (three times):\n${chorus}${chorus}${chorus}`,
  "\nThe chorus repeats because the song is meant to be sung by a crowd.",
].join("");

const similarSteps = Array.from(
  { length: 30 },
  (_, i) =>
    `Step ${i + 1}: Subtract the row ${i + 1} multiple from the row ${i + 2}, then check that the pivot in column ${i + 1} is not zero.`,
).join("\n");

const zeroMatrixRows = [
  "The adjacency matrix of the empty graph on 6 vertices is all zeros:\n",
  ...Array.from({ length: 6 }, () => "0 0 0 0 0 0"),
  "\nso no vertex has a neighbour.",
].join("\n");

export const LEGITIMATE_TEXTS: Record<string, string> = {
  "a table of values": tableOfValues,
  "a multiplication table": multiplicationTable,
  "a repeated chorus quoted from a document": song,
  "a long list of similar steps": similarSteps,
  "a small matrix of zeros": zeroMatrixRows,
};

/** A text the way an R1-style model gets stuck: one paragraph again and again. */
export function loopingText(prefix: string, unit: string, copies: number): string {
  return prefix + unit.repeat(copies);
}
