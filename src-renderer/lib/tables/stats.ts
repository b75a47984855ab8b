// Small statistics for seed groups: mean ± sample standard deviation of numbers and of curves.

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

export interface BandPoint {
  x: number;
  mean: number;
  lower: number;
  upper: number;
}

/**
 * Mean ± std of several curves (one per seed) at every x that at least `minCurves` of them share
 * (seeds of one config log the same steps; a run still training simply stops contributing).
 */
export function meanStdBand(curves: readonly (readonly { x: number; y: number }[])[], minCurves = 2): BandPoint[] {
  const byX = new Map<number, number[]>();
  for (const curve of curves) {
    for (const p of curve) {
      if (!Number.isFinite(p.y)) continue;
      let ys = byX.get(p.x);
      if (!ys) byX.set(p.x, (ys = []));
      ys.push(p.y);
    }
  }
  const need = Math.min(minCurves, curves.length);
  const out: BandPoint[] = [];
  for (const x of [...byX.keys()].sort((a, b) => a - b)) {
    const s = meanStd(byX.get(x)!);
    if (!s || s.n < need) continue;
    out.push({ x, mean: s.mean, lower: s.mean - s.std, upper: s.mean + s.std });
  }
  return out;
}
