// {x, y} point decimation for the charts, over the shared LTTB implementation (shared/lttb.ts).
import { lttbIndices } from '../../../shared/lttb';

export { lttbIndices };

export interface XY {
  x: number;
  y: number;
}

/** Downsample {x, y} points to at most `threshold` points (the input when it is already small). */
export function lttb(points: readonly XY[], threshold: number): XY[] {
  if (points.length <= threshold || threshold < 3) return points.slice();
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  return lttbIndices(xs, ys, threshold).map((i) => points[i]!);
}
