// Mean ± sample standard deviation over seeds, shared by the compare view, the CLI's tables and
// the demo: a seed group's spread and the paired difference of two groups run on the same seeds.

export interface MeanStd {
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  std: number;
  n: number;
}

/** Mean and sample std of the finite values; null when there are none. */
export function meanStd(values: readonly (number | null | undefined)[]): MeanStd | null {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (xs.length === 0) return null;
  const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
  if (xs.length === 1) return { mean, std: 0, n: 1 };
  const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / (xs.length - 1);
  return { mean, std: Math.sqrt(variance), n: xs.length };
}

/** Paired differences a_i − b_i of two lists matched by position (the same seed), then meanStd. */
export function pairedDifference(a: readonly (number | null | undefined)[], b: readonly (number | null | undefined)[]): MeanStd | null {
  const diffs: number[] = [];
  a.forEach((x, i) => {
    const y = b[i];
    if (typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)) diffs.push(x - y);
  });
  return meanStd(diffs);
}
