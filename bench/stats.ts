/** Medians, minimums and nearest-rank p90 of repeated measurements. */

export interface Stats {
  n: number;
  median: number;
  min: number;
  p90: number;
}

export function stats(values: number[]): Stats {
  if (values.length === 0) return { n: 0, median: NaN, min: NaN, p90: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  // Nearest rank: the smallest value at or above 90 % of the runs.
  const p90 = sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)]!;
  return { n: sorted.length, median, min: sorted[0]!, p90 };
}

export const distinct = (values: number[]): number[] => [...new Set(values)].sort((a, b) => a - b);
