/** Small helpers shared by the benchmarks: statistics and the closing JSON line. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export const round = (value: number | null, digits = 2) =>
  value === null || !Number.isFinite(value) ? null : Number(value.toFixed(digits));

/** Prints a result table line by line, then the one JSON line a benchmark ends with. */
export function finish(lines: string[], result: Record<string, unknown>): void {
  for (const line of lines) console.log(line);
  console.log(JSON.stringify(result));
}
