// Small statistics for seed groups: mean ± sample standard deviation of numbers and of curves.

export { meanStd, type MeanStd } from '../../../shared/stats';
import { meanStd } from '../../../shared/stats';

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
